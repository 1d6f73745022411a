#!/usr/bin/env bash
# End-to-end harness: one embedded Jetty 12.1 (ee10) server per variant (no filter, a
# pass-through wrapper, the widget's banner only, everything on, SiteMesh 3.2.2), the same
# 100 KB article served as a static file, by one getWriter().write() and by 50-char prints,
# wrk on 127.0.0.1 in rotating rounds, then a Markdown table against the issue's targets.
# Bounded: a full run takes about 14 minutes on 2 cores, --short about 5.
# --jfr DIR also records a CPU profile of each server (JFR) into DIR/VARIANT.jfr.
#
#   benchmarks/e2e.sh                 # full run
#   benchmarks/e2e.sh --short         # for development
#   benchmarks/e2e.sh --rounds 3 --seconds 6 --warmup 8 --ttfb 9
#
# The table goes to stdout, progress to stderr. Nothing else should run on the machine
# meanwhile (other builds skew requests per second; CPU per request less so).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing (Debian: apt-get install -y wrk)" >&2; exit 2; }
[ -r /proc/self/stat ] || { echo "needs Linux /proc for the servers' CPU time" >&2; exit 2; }
JAR=benchmarks/target/benchmarks.jar
[ -f "$JAR" ] || mvn -q -B -pl benchmarks -am package -DskipTests
exec java -Xmx128m -cp "$JAR" dev.helpline.benchmarks.e2e.EndToEnd "$@"
