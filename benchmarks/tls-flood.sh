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
# The probe shares core 1 with the flood clients; it runs as a real-time thread (chrt -f 1), so
# that it measures the server and not its own wait behind the flood's threads, its JVM's compiler
# and the loopback's softirq work on core 1 (one extra phase shows the probe at normal priority).
# The flood clients run at nice 19. The phases run ROUNDS times, interleaved; the summary gives
# medians, and each flood's p99 against the quiet p99 of the same round.
# Usage (the machine is shared: hold the heavy lock for the whole run):
#   flock /tmp/patchbay-heavy.lock benchmarks/tls-flood.sh [--rate 100] [--threads 6] [--seconds 15]
#       [--interval 2] [--openssl 6] [--rounds 3] [--warmup 60] [--home /tmp/pb-tlsflood] [--assembly DIR]
#       [--keep]
#   --warmup S: seconds of flood before the first measurement (a third from many addresses, the
#     rest from one), so that the JIT compiler has compiled the TLS paths: on one core its
#     compiler thread runs at normal priority in stretches of several ms, which shows in p99
#     until it is done (the summary prints its CPU per round)
#   --assembly DIR runs another unpacked distribution (e.g. an older build, for a before/after)
# Needs: mvn install -DskipTests (karaf-distribution/target/assembly), taskset, chrt (real-time
# priority needs root or CAP_SYS_NICE; without it the probe runs at normal priority and says so),
# openssl, JDK 17 on PATH.
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
rounds=3
warmup=60
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --openssl) openssl_clients=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
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
if chrt -f 1 true 2>/dev/null; then
  prober="chrt -f 1 taskset -c 1 java"
else
  prober="$client"
  echo "chrt -f 1 is not allowed here: the probe runs at normal priority and its own waits count" >&2
fi
echo "server pid $pid pinned to core 0; clients on core 1; rate cap $rate/s per address on 7444"
grep -ho 'started with.*handshakes under way' "$home/data/log/karaf.log" | tail -n 1 || true

echo "warming up (JIT): $((warmup / 3)) s of handshakes from many addresses, $((warmup - warmup / 3)) s from one (capped), then echoes"
$flooder java "$tool" flood 7444 $((warmup / 3)) "$threads" 127.0.0.2-201 > "$out/warmup.txt"
$flooder java "$tool" flood 7444 $((warmup - warmup / 3)) "$threads" 127.0.0.1 >> "$out/warmup.txt"
$client "$tool" probe 7007 3 1 > /dev/null

# CPU seconds the server's I/O threads and TLS handshake threads have used so far (Linux shows
# the first 15 characters of a Java thread's name).
thread_cpu() {
  ps -L -o comm=,time=,cls=,ni= -p "$pid" | awk '
    function secs(t,  a, n) { n = split(t, a, ":"); return a[n] + 60 * a[n-1] + 3600 * (n > 2 ? a[n-2] : 0) }
    $1 ~ /^(patchbay-io|NioProcessor)/ { io += secs($2) } $1 ~ /^patchbay-tls-ha/ { hs += secs($2); n++; cls = $3; ni = $4 }
    $1 ~ /^C[12]$/ && $2 ~ /^CompilerThre/ { jit += secs($3) }
    END { printf "CPU used so far: I/O threads %d s, %d TLS handshake thread(s) (class %s, nice %s) %d s, JIT compiler %d s", io, n, cls, ni, hs, jit }'
  jstat -gc "$pid" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
    NR == 2 { printf "; young GCs so far %d (%.2f s)", $c["YGC"], $c["YGCT"] }'
}
probe() { # file [prober]
  ${2:-$prober} "$tool" probe 7007 $((seconds - 4)) "$interval" > "$1"
}
flood() { # name flood-args...: a flood in the background, the probe 2 s into it
  local name=$1; shift
  if [ "$1" = openssl ]; then
    local st=() i
    for i in $(seq 1 "$openssl_clients"); do
      $flooder openssl s_time -connect 127.0.0.1:7443 -new -time "$seconds" > "$out/$name-s_time-$i.txt" 2>&1 &
      st+=($!)
    done
    sleep 2
    probe "$out/$name-probe.txt"
    wait "${st[@]}" || true
    cat "$out/$name"-s_time-*.txt | awk -v s="$seconds" '/connections in [0-9.]+ real seconds/ { n += $1 }
      END { printf "s_time: %d full handshakes in %d s (%d/s)\n", n, s, n / s }' > "$out/$name-flood.txt"
  else
    $flooder java "$tool" flood "$@" > "$out/$name-flood.txt" &
    local f=$!
    sleep 2
    probe "$out/$name-probe.txt" "${PROBER:-}"
    wait "$f"
  fi
  printf '  %-34s %s\n' "$name:" "$(cat "$out/$name-probe.txt")"
  printf '  %-34s %s\n' "" "$(tail -n 1 "$out/$name-flood.txt")"
}
phases="quiet one-capped many-capped one-uncapped s_time"
printf '  after warm-up: %s\n' "$(thread_cpu)"
for r in $(seq 1 "$rounds"); do
  echo "round $r"
  probe "$out/r$r-quiet-probe.txt"
  printf '  %-34s %s\n' "r$r-quiet:" "$(cat "$out/r$r-quiet-probe.txt")"
  flood "r$r-one-capped" 7444 "$seconds" "$threads" 127.0.0.1
  flood "r$r-many-capped" 7444 "$seconds" "$threads" 127.0.0.2-201
  flood "r$r-one-uncapped" 7443 "$seconds" "$threads" 127.0.0.1
  flood "r$r-s_time" openssl
  printf '  %s\n' "$(thread_cpu)"
done
# Once: the probe at normal priority, sharing core 1 with the flood clients as any client would.
PROBER="$client" flood "normal-priority-probe-one-capped" 7444 "$seconds" "$threads" 127.0.0.1

field() { sed -n "s/.* $1 \([0-9.]*\) ms.*/\1/p" "$2"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
echo "medians of $rounds rounds (probe p50 / p99 in ms; p99 against the quiet p99 of the same round):"
printf '%-16s %8s %8s %10s  %s\n' phase p50 p99 "p99/quiet" "flood (last round)"
for ph in $phases; do
  p50=$(for r in $(seq 1 "$rounds"); do field p50 "$out/r$r-$ph-probe.txt"; done | median)
  p99=$(for r in $(seq 1 "$rounds"); do field p99 "$out/r$r-$ph-probe.txt"; done | median)
  ratio=$(for r in $(seq 1 "$rounds"); do
    awk -v a="$(field p99 "$out/r$r-$ph-probe.txt")" -v q="$(field p99 "$out/r$r-quiet-probe.txt")" 'BEGIN { printf "%.2f\n", a / q }'
  done | median)
  last=""
  [ "$ph" = quiet ] || last=$(tail -n 1 "$out/r$rounds-$ph-flood.txt")
  printf '%-16s %8s %8s %9sx  %s\n' "$ph" "$p50" "$p99" "$ratio" "$last"
done
echo "refused for tls.handshake.pending: $(grep -c 'tls.handshake.pending' "$home/data/log/karaf.log" || true) log lines (throttled)"
cp "$home/data/log/karaf.log" "$out/" 2>/dev/null || true
echo "results in $out"
