#!/usr/bin/env bash
# End-to-end load test on loopback: the demo serving a 100 KB article through its static
# file servlet, with the widget and with helpline.enabled=false, in alternating rounds so
# that background load hits both alike. A third server, BaselineServer, is the same stack
# with a filter that only wraps and passes bytes on: what any response-rewriting filter
# costs on this servlet before it does anything. Bounded: ROUNDS x 3 runs of DURATION each.
#
#   bash benchmarks/wrk-demo.sh            # 5 rounds of 10 s each way
#   ROUNDS=3 DURATION=5s bash benchmarks/wrk-demo.sh
#   EXTRA=$'helpline.inline.enabled=false\nhelpline.cta.enabled=false' bash benchmarks/wrk-demo.sh   # banner only
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PORT_ON=${PORT_ON:-18091}
PORT_OFF=${PORT_OFF:-18092}
PORT_WRAP=${PORT_WRAP:-18093}
WARMUP=${WARMUP:-30s}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
DEMO=examples/demo-site/target/helpline-demo.jar
BENCH=benchmarks/target/benchmarks.jar
[ -f "$DEMO" ] && [ -f "$BENCH" ] || mvn -q -B -DskipTests package

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/docroot"
java -cp "$BENCH" dev.helpline.benchmarks.ArticleFile "$work/docroot/article.html" 102400
# The form is off so that both servers do the same work apart from the widget itself
# (its store would otherwise open a database in the working directory). As in the JMH
# full path, the article's number is made the helpline's and the box goes after its third
# paragraph: with everything on, every paragraph gets a link and a trigger (the worst case).
# EXTRA adds configuration lines to both, e.g. EXTRA=$'helpline.inline.enabled=false\nhelpline.cta.enabled=false'
common=$'helpline.callback.enabled=false\nhelpline.phone=(800) 555-0100\nhelpline.cta.after-paragraph=3'
printf '%s\n%s\n' "$common" "${EXTRA:-}" > "$work/on.properties"
printf '%s\nhelpline.enabled=false\n%s\n' "$common" "${EXTRA:-}" > "$work/off.properties"

(cd "$work" && exec java -jar "$OLDPWD/$DEMO" serve --port "$PORT_ON" --config on.properties --docroot docroot > on.log 2>&1) &
pid_on=$!
(cd "$work" && exec java -jar "$OLDPWD/$DEMO" serve --port "$PORT_OFF" --config off.properties --docroot docroot > off.log 2>&1) &
pid_off=$!
(cd "$work" && exec java -cp "$OLDPWD/$DEMO:$OLDPWD/$BENCH" dev.helpline.benchmarks.BaselineServer "$PORT_WRAP" docroot > wrap.log 2>&1) &
pid_wrap=$!
for port in "$PORT_ON" "$PORT_OFF" "$PORT_WRAP"; do
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/article.html" -o /dev/null && break; sleep 0.2; done
done
# Whole bodies first (grep -q would close the pipe early under pipefail).
with=$(curl -fs "http://127.0.0.1:$PORT_ON/article.html")
without=$(curl -fs "http://127.0.0.1:$PORT_OFF/article.html")
[[ $with == *'data-helpline="banner"'* ]] || { echo "widget missing on port $PORT_ON" >&2; exit 1; }
[[ $without != *'data-helpline="banner"'* ]] || { echo "widget present with helpline.enabled=false" >&2; exit 1; }
# (grep finds nothing on a page without links or box: not an error here)
links=$({ grep -o 'data-helpline="who"' <<< "$with" || true; } | wc -l)
boxes=$({ grep -o 'data-helpline="cta"' <<< "$with" || true; } | wc -l)
echo "page with the widget: $(wc -c <<< "$with") bytes, $links numbers linked, $boxes boxes; without: $(wc -c <<< "$without") bytes"

# Warm the JVMs up before measuring. On two busy cores the JIT compilers get little time:
# after 40 s of load the widget's server was still compiling hundreds of methods per 10 s
# and its throughput still climbing, so short warm-ups made the widget look far costlier.
for _ in 1 2; do
  for port in "$PORT_ON" "$PORT_OFF" "$PORT_WRAP"; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$port/article.html" > /dev/null
  done
done

# One run against a port: "<requests/s> <CPU µs per request of that server's process>".
# Requests per second swing with whatever else the two cores do; the server's own CPU time
# per request (user + system, from /proc) is the steadier measure of what a response costs.
tick=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() {
  local before after out
  before=$(cpu_ticks "$2")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$1/article.html")
  after=$(cpu_ticks "$2")
  awk -v b="$before" -v a="$after" -v t="$tick" '
    /requests in/ {n = $1} /Requests\/sec/ {r = $2}
    END {printf "%.0f %.1f\n", r, (a - b) * 1e6 / t / n}' <<< "$out"
}
declare -A rps cpu
for which in on off wrap; do rps[$which]=""; cpu[$which]=""; done
for round in $(seq "$ROUNDS"); do
  # Rotate the order so that no server always runs first (or last) in a round.
  case $(( round % 3 )) in
    1) order=(on off wrap) ;;
    2) order=(off wrap on) ;;
    0) order=(wrap on off) ;;
  esac
  for which in "${order[@]}"; do
    case $which in
      on) read -r r c < <(measure "$PORT_ON" "$pid_on") ;;
      off) read -r r c < <(measure "$PORT_OFF" "$pid_off") ;;
      wrap) read -r r c < <(measure "$PORT_WRAP" "$pid_wrap") ;;
    esac
    rps[$which]+="$r "; cpu[$which]+="$c "
    eval "r_$which=$r c_$which=$c"
  done
  printf 'round %d: req/s with widget %6.0f, without %6.0f, wrapper only %6.0f | CPU µs/request %6.1f, %6.1f, %6.1f\n' \
    "$round" "$r_on" "$r_off" "$r_wrap" "$c_on" "$c_off" "$c_wrap"
done
median() { printf '%s\n' $1 | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m_on=$(median "${rps[on]}"); m_off=$(median "${rps[off]}"); m_wrap=$(median "${rps[wrap]}")
cm_on=$(median "${cpu[on]}"); cm_off=$(median "${cpu[off]}"); cm_wrap=$(median "${cpu[wrap]}")
printf 'median req/s: with widget %.0f, without %.0f, wrapper only %.0f: with widget %.1f%%, wrapper only %.1f%% of the requests per second without the widget\n' \
  "$m_on" "$m_off" "$m_wrap" "$(echo "100 * $m_on / $m_off" | bc -l)" "$(echo "100 * $m_wrap / $m_off" | bc -l)"
printf 'median CPU µs per request: with widget %.1f, without %.1f, wrapper only %.1f: with widget %.1f%%, wrapper only %.1f%% of the requests per CPU second without the widget\n' \
  "$cm_on" "$cm_off" "$cm_wrap" "$(echo "100 * $cm_off / $cm_on" | bc -l)" "$(echo "100 * $cm_off / $cm_wrap" | bc -l)"
