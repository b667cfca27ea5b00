#!/usr/bin/env bash
# Full-handshake flood against the distribution started with bin/start (issue 18): does TLS
# handshake work starve the plaintext endpoints? The server's JVM is pinned to core 0
# (taskset -a -p -c 0), every client to core 1. A plaintext probe echoes a line on
# 127.0.0.1:7007 every INTERVAL ms and prints p50/p99; it runs quiet first, then during each flood:
#   1. one address: THREADS Java clients doing full TLS 1.3 handshakes from 127.0.0.1 against an
#      extra TLS echo endpoint on 7444 whose rate-limit profile caps one address at RATE new
#      connections (= full handshakes) a second: held to RATE, the rest refused at accept;
#   2. many addresses: the same from 127.0.0.2-201 (200 addresses, each under the cap), so only
#      the handshake pool (tls.handshake.threads, tls.handshake.pending) bounds the work;
#   3. one address against the uncapped echo-tls (7443), as issue 18 measured it: OPENSSL
#      `openssl s_time -new` processes (a C client offers far more handshakes than the Java one).
# The flood clients run at nice 19, so that the probe, which shares core 1 with them, measures
# the server and not its own wait for the CPU.
# Usage (the machine is shared: hold the heavy lock for the whole run):
#   flock /tmp/patchbay-heavy.lock benchmarks/tls-flood.sh [--rate 100] [--threads 6] [--seconds 15]
#       [--interval 2] [--openssl 6] [--home /tmp/pb-tlsflood] [--assembly DIR] [--keep]
#   --assembly DIR runs another unpacked distribution (e.g. an older build, for a before/after)
# Needs: mvn install -DskipTests (karaf-distribution/target/assembly), taskset, JDK 17 on PATH.
# Results: printed, and kept in benchmarks/target/results/tls-flood-<time>/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
assembly="$root/karaf-distribution/target/assembly"
home=/tmp/pb-tlsflood
rate=100
threads=6
seconds=15
interval=2
openssl_clients=6
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --openssl) openssl_clients=$2; shift 2 ;;
    --home) home=$2; shift 2 ;;
    --assembly) assembly=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | cut -c3-; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
out="$here/target/results/tls-flood-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
tool="$here/tlsflood/TlsFlood.java"
port_open() { (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
if port_open 7007; then
  echo "something already listens on 127.0.0.1:7007 (another Karaf?); stop it first" >&2
  exit 2
fi
[ -d "$assembly" ] || { echo "no $assembly: run 'mvn install -DskipTests' first" >&2; exit 2; }
rm -rf "$home"
cp -r "$assembly" "$home"
rm -rf "$home/data"
cat > "$home/etc/dev.patchbay.ratelimit-tlsflood.cfg" <<CFG
# tls-flood.sh: on a TLS endpoint every new connection is one full handshake
connections.per.second = $rate
connections.burst = $rate
CFG
cat > "$home/etc/dev.patchbay.endpoint-echo-tls-capped.cfg" <<CFG
host = 127.0.0.1
port = 7444
handler = echo
tls = default
ratelimit = tlsflood
CFG

stop_server() {
  [ "$keep" = 0 ] || return 0
  local p
  p=$(cat "$home/karaf.pid" 2>/dev/null || true)
  if ! PATCHBAY_STOP_TIMEOUT=60 "$home/bin/stop" >/dev/null 2>&1; then
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then kill -9 "$p" || true; fi
  fi
}
trap stop_server EXIT
# Started on core 0, so that the JVM sizes its I/O threads, handshake pool and GC for the one
# core it gets (pinning a running JVM leaves two I/O threads time-slicing on one core).
taskset -c 0 "$home/bin/start"
for _ in $(seq 1 240); do port_open 7007 && port_open 7443 && port_open 7444 && break; sleep 0.5; done
port_open 7444 || { echo "the endpoints did not come up within 120 s" >&2; exit 1; }
for _ in $(seq 1 20); do [ -s "$home/karaf.pid" ] && break; sleep 0.5; done
pid=$(cat "$home/karaf.pid")
taskset -a -p -c 0 "$pid" > /dev/null
client="taskset -c 1 java"
flooder="nice -n 19 taskset -c 1"
echo "server pid $pid pinned to core 0; clients on core 1; rate cap $rate/s per address on 7444"
grep -ho 'started with.*handshakes under way' "$home/data/log/karaf.log" | tail -n 1 || true

echo "warming up (JIT): 8 s of handshakes from many addresses, 8 s of refusals from one, then echoes"
$flooder java "$tool" flood 7444 8 "$threads" 127.0.0.2-201 > "$out/warmup.txt"
$flooder java "$tool" flood 7444 8 "$threads" 127.0.0.1 >> "$out/warmup.txt"
$client "$tool" probe 7007 3 1 > /dev/null

# CPU seconds the server's I/O threads and TLS handshake threads have used so far (Linux shows
# the first 15 characters of a Java thread's name).
thread_cpu() {
  ps -L -o comm=,time=,cls=,ni= -p "$pid" | awk '
    function secs(t,  a, n) { n = split(t, a, ":"); return a[n] + 60 * a[n-1] + 3600 * (n > 2 ? a[n-2] : 0) }
    $1 ~ /^patchbay-io/ { io += secs($2) } $1 ~ /^patchbay-tls-ha/ { hs += secs($2); n++; cls = $3; ni = $4 }
    END { printf "CPU used so far: I/O threads %d s, %d TLS handshake thread(s) (class %s, nice %s) %d s", io, n, cls, ni, hs }'
  jstat -gc "$pid" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
    NR == 2 { printf "; young GCs so far %d (%.2f s)", $c["YGC"], $c["YGCT"] }'
}
measure() { # file-name label flood-args...
  local name=$1 label=$2; shift 2
  $flooder java "$tool" flood "$@" > "$out/$name-flood.txt" &
  local f=$!
  sleep 2
  $client "$tool" probe 7007 $((seconds - 4)) "$interval" > "$out/$name-probe.txt"
  wait "$f"
  printf '%-30s %s\n' "$label:" "$(cat "$out/$name-probe.txt")"
  printf '%-30s %s\n' "" "$(tail -n 1 "$out/$name-flood.txt")"
  printf '%-30s %s\n' "" "$(thread_cpu)"
}
$client "$tool" probe 7007 $((seconds - 4)) "$interval" > "$out/quiet-probe.txt"
printf '%-30s %s\n' "quiet:" "$(cat "$out/quiet-probe.txt")"
printf '%-30s %s\n' "" "$(thread_cpu)"
# The probe shares core 1 with the flood clients: its own wait for the CPU, with the server quiet.
$flooder sh -c 'while :; do :; done' &
burner=$!
$client "$tool" probe 7007 $((seconds - 4)) "$interval" > "$out/quiet-busy-probe.txt"
kill "$burner"
printf '%-30s %s\n' "quiet, core 1 busy (nice 19):" "$(cat "$out/quiet-busy-probe.txt")"
measure one-capped "one address, capped (7444)" 7444 "$seconds" "$threads" 127.0.0.1
measure many-capped "200 addresses, capped (7444)" 7444 "$seconds" "$threads" 127.0.0.2-201
measure one-uncapped "one address, uncapped (7443)" 7443 "$seconds" "$threads" 127.0.0.1
st=()
for i in $(seq 1 "$openssl_clients"); do
  $flooder openssl s_time -connect 127.0.0.1:7443 -new -time "$seconds" > "$out/s_time-$i.txt" 2>&1 &
  st+=($!)
done
sleep 2
$client "$tool" probe 7007 $((seconds - 4)) "$interval" > "$out/s_time-probe.txt"
wait "${st[@]}" || true
total=$(cat "$out"/s_time-*.txt | awk '/connections in [0-9.]+ real seconds/ { n += $1 } END { print n + 0 }')
printf '%-30s %s\n' "$openssl_clients x openssl s_time (7443):" "$(cat "$out/s_time-probe.txt")"
printf '%-30s %s\n' "" "s_time total: $total full handshakes in $seconds s ($((total / seconds))/s)"
printf '%-30s %s\n' "" "$(thread_cpu)"
echo "refused for tls.handshake.pending: $(grep -c 'tls.handshake.pending' "$home/data/log/karaf.log" || true) log lines (throttled)"
cp "$home/data/log/karaf.log" "$out/" 2>/dev/null || true
echo "results in $out"
