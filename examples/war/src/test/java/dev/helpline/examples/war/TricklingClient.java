package dev.helpline.examples.war;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A client of the callback form that declares a 4,000-byte body and sends it one byte every
 * half second, and goes on sending after it was answered, as a hostile client does: it
 * lets go only when the server closes the connection, or when its own time is up. Runs on
 * its own thread; {@link #join} waits for it.
 */
final class TricklingClient implements Runnable {
    static final int DECLARED_LENGTH = 4_000;
    private static final long SEND_EVERY_MS = 500;

    private final int port;
    private final String forwardedFor;
    private final long budgetNanos;
    private final Thread thread;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile boolean closedByServer;
    private volatile int bytesSent;

    /** Starts one client; {@code forwardedFor} (may be null) is its address as a trusted proxy reports it. */
    TricklingClient(int port, String forwardedFor, long budgetMillis) {
        this.port = port;
        this.forwardedFor = forwardedFor;
        this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        this.thread = new Thread(this, "trickle-" + (forwardedFor == null ? "direct" : forwardedFor));
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void run() {
        long end = System.nanoTime() + budgetNanos;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(100);
            OutputStream out = s.getOutputStream();
            out.write(("POST /helpline/callback HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: http://127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                    + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                    + "Content-Length: " + DECLARED_LENGTH + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            bytesSent = 1;
            InputStream in = s.getInputStream();
            byte[] buf = new byte[2048];
            long nextSend = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SEND_EVERY_MS);
            while (System.nanoTime() < end) {
                try {
                    int n = in.read(buf);
                    if (n < 0) {
                        closedByServer = true;
                        return;
                    }
                    synchronized (received) {
                        received.write(buf, 0, n);
                    }
                } catch (SocketTimeoutException e) {
                    // nothing from the server yet
                }
                if (System.nanoTime() >= nextSend && bytesSent < DECLARED_LENGTH) {
                    out.write(' ');
                    out.flush();
                    bytesSent++;
                    nextSend += TimeUnit.MILLISECONDS.toNanos(SEND_EVERY_MS);
                }
            }
        } catch (SocketException e) {
            closedByServer = true; // reset: the server closed while bytes were on their way
        } catch (IOException e) {
            throw new IllegalStateException(thread.getName() + ": " + e, e);
        }
    }

    void join() throws InterruptedException {
        thread.join(budgetNanos / 1_000_000 + 10_000);
    }

    boolean alive() {
        return thread.isAlive();
    }

    /** Whether the server closed the connection before this client's time was up. */
    boolean closedByServer() {
        return closedByServer;
    }

    int bytesSent() {
        return bytesSent;
    }

    String answer() {
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    /** The answer's status code, or "none". */
    String status() {
        String a = answer();
        String[] first = a.split("\r\n", 2)[0].split(" ");
        return a.startsWith("HTTP/1.1 ") && first.length > 1 ? first[1] : "none";
    }

    boolean saysConnectionClose() {
        return answer().toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
    }

    @Override
    public String toString() {
        return thread.getName() + " sent " + bytesSent + " of " + DECLARED_LENGTH + (closedByServer ? ", closed by the server" : ", still open")
                + ":\n" + answer();
    }
}
