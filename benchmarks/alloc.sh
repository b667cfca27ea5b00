#!/usr/bin/env bash
# Bytes allocated per echoed message on Patchbay's transport I/O threads (issue 13).
#
# Drives Patchbay's bare echo endpoint (line codec + echo) with the native load
# generator, every reply verified, and reads the transport's counter
# patchbay_transport_io_allocated_bytes_total (bytes allocated by its I/O threads, from
# com.sun.management.ThreadMXBean) and the endpoint's patchbay_messages_sent_total{endpoint="echo"}
# from the server's /metrics right before and right after a measured run:
#
#   bytes per message = allocated-bytes delta / messages-sent delta
#
# First an unmeasured run of --warmup seconds (so the JIT has compiled the path: the interpreter
# allocates what compiled code does not), then a few seconds at rest (what the idle I/O threads
# allocate, for comparison), then the measured run of --duration seconds on fresh connections.
# The delta covers everything the I/O threads allocate in that run, opening and closing the
# run's connections included (50 sessions against millions of messages). Also printed: bytes per
# generator write, which is about one server read (each write of a connection's lines in flight
# arrives in one read), to tell per-read costs (MINA's read buffer) from per-message ones.
#
# By default it measures a private copy of the built distribution (private-karaf.sh, in
# /tmp/pb-alloc: echo on 27007, /metrics on 28181), so that another Patchbay on the default ports
# does not matter; it starts it and stops it at the end.
#
# Usage (the machine is shared: hold the heavy lock for the whole run, -o so the server does not
# inherit it):
#   flock -o /tmp/patchbay-heavy.lock benchmarks/alloc.sh [options]
# Options:
#   --home DIR          measure this distribution instead, on the ports its etc/ configures (echo
#                       endpoint, Pax Web port); started with bin/start if it is not running, and
#                       then stopped at the end
#   --connections 50 --inflight 16 --size 64   the load (as run.sh)
#   --warmup 5          seconds of the unmeasured first run
#   --duration 10       seconds of the measured run
#   --no-pin            do not pin (default: server on CPU 0, generator on CPU 1, as run.sh)
#   --counter NAME      the counter to divide (patchbay_transport_io_allocated_bytes_total); e.g.
#                       patchbay_bytes_sent_total checks the arithmetic: it must print about --size
# Needs: mvn install -DskipTests, a C compiler, curl, taskset.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=""
connections=50
inflight=16
size=64
warmup=5
duration=10
pin=1
counter=patchbay_transport_io_allocated_bytes_total
while [ $# -gt 0 ]; do
  case "$1" in
    --home) home=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --inflight) inflight=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --no-pin) pin=0; shift ;;
    --counter) counter=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | cut -c3-; exit 0 ;;
    *) echo "alloc.sh: unknown option $1 (--help)" >&2; exit 2 ;;
  esac
done
load=$("$here/loadgen/build.sh")
if [ -z "$home" ]; then
  home=/tmp/pb-alloc
  "$here/private-karaf.sh" "$home"
fi
home=$(cd "$home" 2>/dev/null && pwd) || { echo "no distribution at $home" >&2; exit 2; }
port=$(sed -n 's/^port *= *\([0-9]*\).*/\1/p' "$home/etc/dev.patchbay.endpoint-echo.cfg")
http=$(sed -n 's/^org.osgi.service.http.port *= *\([0-9]*\).*/\1/p' "$home/etc/org.ops4j.pax.web.cfg")
[ -n "$port" ] && [ -n "$http" ] || { echo "cannot read the echo and HTTP ports from $home/etc" >&2; exit 2; }
metrics="http://127.0.0.1:$http/metrics"
out="$here/target/results/alloc-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"

port_open() { (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
karaf_pid() {
  local p
  p=$(cat "$home/karaf.pid" 2>/dev/null || true)
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null && echo "$p"
}
# Sum of every series of metric $1 whose labels contain $2 (Prometheus text format), or "" if none.
metric() {
  curl -sf -m 5 "$metrics" | awk -v name="$1" -v want="${2:-}" '
    $1 == name || index($1, name "{") == 1 { if (want == "" || index($1, want) > 0) { sum += $2; n++ } }
    END { if (n > 0) printf "%.0f\n", sum }'
}

started=0
pid=$(karaf_pid || true)
if [ -z "$pid" ]; then
  if port_open "$port"; then
    echo "127.0.0.1:$port is open but the Karaf in $home is not running: refusing to measure an unknown server" >&2
    exit 2
  fi
  echo "starting $home/bin/start"
  "$home/bin/start"
  started=1
fi
stop_server() {
  [ "$started" = 1 ] || return 0
  echo "stopping $home/bin/stop (started by this script)"
  "$home/bin/stop" >/dev/null 2>&1 || true
}
trap stop_server EXIT
for _ in $(seq 1 240); do port_open "$port" && [ -n "$(metric patchbay_messages_sent_total)" ] && break; sleep 0.5; done
pid=$(karaf_pid) || { echo "Karaf in $home did not start" >&2; exit 1; }
port_open "$port" || { echo "nothing listens on 127.0.0.1:$port" >&2; exit 1; }
for p in "$port" "$http"; do
  if ! ss -Hltnp "sport = :$p" 2>/dev/null | grep -q "pid=$pid,"; then
    echo "port $p is not served by the Karaf in $home (pid $pid): another server holds it" >&2
    exit 2
  fi
done
if [ -z "$(metric "$counter")" ]; then
  echo "$metrics has no $counter: this build's transport does not count its I/O threads' allocation yet" >&2
  exit 3
fi

server_cpu=""
load_cpu=""
if [ "$pin" = 1 ]; then
  taskset -a -p -c 0 "$pid" >/dev/null
  server_cpu="CPU 0"
  load_cpu="taskset -c 1"
fi
args=(--port "$port" --connections "$connections" --inflight "$inflight" --size "$size" --server-pid "$pid")

echo "warm-up: $warmup s (not measured)"
$load_cpu "$load" "${args[@]}" --label warmup --warmup 0 --duration "$warmup" >/dev/null || {
  echo "the warm-up run had errors or failed" >&2; exit 1; }

sleep 0.5 # the transport's status is cached for 100 ms per scrape
idle0=$(metric "$counter")
sleep 3
idle1=$(metric "$counter")

sleep 0.2
a0=$(metric "$counter")
m0=$(metric patchbay_messages_sent_total 'endpoint="echo"')
set +e
$load_cpu "$load" "${args[@]}" --label patchbay --warmup 0 --duration "$duration" --json "$out/load.json"
status=$?
set -e
sleep 0.2
a1=$(metric "$counter")
m1=$(metric patchbay_messages_sent_total 'endpoint="echo"')
[ "$status" = 0 ] || echo "WARNING: the generator counted errors (exit $status): see $out/load.json" >&2

writes=$(sed -n 's/.*"writes": \([0-9]*\).*/\1/p' "$out/load.json")
replies=$(sed -n 's/.*"completed_total": \([0-9]*\).*/\1/p' "$out/load.json")
awk -v a="$((a1 - a0))" -v m="$((m1 - m0))" -v w="$writes" -v r="$replies" -v idle="$((idle1 - idle0))" \
    -v c="$connections" -v k="$inflight" -v s="$size" -v d="$duration" -v srv="${server_cpu:-not pinned}" '
  BEGIN {
    printf "\nPatchbay bare echo, %d connections x %d in flight x %d B, %s s measured (server %s)\n", c, k, s, d, srv
    printf "  I/O threads allocated       : %.0f bytes (at rest, 3 s before: %.0f bytes)\n", a, idle
    printf "  messages echoed (server)    : %.0f (the generator verified %.0f)\n", m, r
    printf "  bytes per message           : %.2f\n", (m > 0 ? a / m : 0)
    printf "  bytes per generator write   : %.0f (about one server read of %.1f messages)\n", (w > 0 ? a / w : 0), (w > 0 ? m / w : 0)
  }' | tee "$out/summary.txt"
echo "results: $out"
