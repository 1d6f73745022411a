#!/usr/bin/env python3
"""Slow-body attack on the callback endpoint, on loopback, bounded in time.

N clients each open a POST to the form path, declare a body of Content-Length bytes and
send one byte every INTERVAL seconds. Meanwhile one client loads a page again and again
(each load with a 5 s limit) and counts the loads served. Prints one line of figures.

    python3 benchmarks/slow-body.py --port 8080 --clients 250 --duration 40
    python3 benchmarks/slow-body.py --port 8080 --clients 250 --forwarded   # a different X-Forwarded-For each
                                                                           # (the site must trust 127.0.0.1)
    python3 benchmarks/slow-body.py --port 8080 --clients 250 --keep-sending  # go on trickling after the answer,
                                                                            # as a hostile client does

With --keep-sending a client lets go only when the server closes the connection (counted as
"closed after the answer") or at the end of the run ("open to the end"): a server that reads
the rest of a refused body before closing it (Tomcat did) keeps its thread for that long.
"""
import argparse
import asyncio
import time


async def trickle(host, port, path, length, interval, until, index, forwarded, keep_sending, stats):
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        stats["refused_connect"] += 1
        return
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: http://{host}:{port}\r\n"
            f"Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: {length}\r\n")
    if forwarded:
        head += f"X-Forwarded-For: 198.18.{index // 250}.{index % 250 + 1}\r\n"
    writer.write((head + "\r\n").encode())
    sent = 0
    status = None
    try:
        await writer.drain()
        while time.monotonic() < until and sent < length:
            try:
                if status is None:
                    line = await asyncio.wait_for(reader.readline(), timeout=interval)
                    if line:
                        status = line.split()[1].decode() if len(line.split()) > 1 else "?"
                    if not line or not keep_sending:
                        break  # answered (or closed): the server let go of this client
                    continue
                if not await asyncio.wait_for(reader.read(4096), timeout=interval):
                    stats["closed_after_answer"] += 1
                    break
                continue
            except asyncio.TimeoutError:
                writer.write(b" ")
                await writer.drain()
                sent += 1
    except (ConnectionError, OSError):
        if status is not None and keep_sending:
            stats["closed_after_answer"] += 1
        status = status or "reset"
    stats["answers"][status or "held to the end"] = stats["answers"].get(status or "held to the end", 0) + 1
    writer.close()


async def pages(host, port, page, until, stats):
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout=5)
            writer.write(f"GET {page} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
            await writer.drain()
            data = await asyncio.wait_for(reader.read(), timeout=5 - (time.monotonic() - started))
            writer.close()
            if data.startswith(b"HTTP/1.1 200"):
                stats["served"] += 1
                stats["latencies"].append(time.monotonic() - started)
            else:
                stats["failed"] += 1
        except (asyncio.TimeoutError, ConnectionError, OSError):
            stats["failed"] += 1
        await asyncio.sleep(0.05)


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--path", default="/helpline/callback")
    p.add_argument("--page", default="/")
    p.add_argument("--clients", type=int, default=250)
    p.add_argument("--length", type=int, default=4000)
    p.add_argument("--interval", type=float, default=7.0)
    p.add_argument("--duration", type=float, default=40.0)
    p.add_argument("--forwarded", action="store_true")
    p.add_argument("--keep-sending", action="store_true", help="go on trickling after the answer")
    a = p.parse_args()
    if a.host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loopback only")
    until = time.monotonic() + a.duration
    stats = {"served": 0, "failed": 0, "latencies": [], "answers": {}, "refused_connect": 0, "closed_after_answer": 0}
    attackers = [trickle(a.host, a.port, a.path, a.length, a.interval, until, i, a.forwarded, a.keep_sending, stats)
                 for i in range(a.clients)]
    await asyncio.sleep(0)
    await asyncio.gather(pages(a.host, a.port, a.page, until, stats), *attackers)
    lat = sorted(stats["latencies"])
    median = f"{lat[len(lat) // 2] * 1000:.0f} ms" if lat else "-"
    print(f"clients={a.clients} forwarded={a.forwarded} duration={a.duration:.0f}s: pages served {stats['served']},"
          f" failed or timed out {stats['failed']}, median load {median};"
          f" attackers' answers {dict(sorted(stats['answers'].items()))}, connect refused {stats['refused_connect']}"
          + (f", closed by the server after the answer {stats['closed_after_answer']}" if a.keep_sending else ""))


if __name__ == "__main__":
    asyncio.run(main())
