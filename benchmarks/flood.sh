#!/usr/bin/env bash
# Flood of non-reading clients against the distribution as shipped (issue 12).
#
# Copies the built distribution (karaf-distribution/target/assembly) to a private directory,
# starts it with bin/start as shipped (default settings, the heap bin/setenv sets), waits for the
# echo endpoint 127.0.0.1:7007, then runs Flood: by default 4000 connections from 127.0.0.2 ..
# 127.0.0.250, each pipelining 2 MiB of 64-byte lines and never reading, for 60 s, while a probe
# from 127.0.0.1 echoes a line every 100 ms (and a fresh connection echoes one every second);
# then 20 s of probes alone and 1,000 verified echoes on a fresh connection. Meanwhile it samples
# the server every second: heap in use (jstat -gc), RSS (ps), established connections on :7007
# (ss), and every 5 s the transport's /metrics series. At the end it prints the peaks, greps
# data/log/karaf.log for OutOfMemoryError and the transport's memory lines, shows the
# patchbay_transport_ series, and stops the server (kill -9 if bin/stop fails).
#
# Usage (the machine is shared: hold the heavy lock for the whole run):
#   flock /tmp/patchbay-heavy.lock benchmarks/flood.sh [script options] [Flood options]
# Script options:
#   --home DIR     where the copy of the distribution goes (/tmp/pb-flood); replaced each run
#   --no-start     use the server already running from --home (its karaf.pid); leave it running
#   --pin          server on core 0, flood on core 1 (taskset). NB: a JVM that sees one core picks
#                  the Serial GC and fewer threads, so this is not the server "as shipped"
#   --keep         leave the server running at the end
#   --build        rebuild the benchmarks module first (mvn -o -q install -DskipTests -pl benchmarks)
#   --histo-at S   S seconds into the flood, take the server's live heap: jcmd GC.class_histogram
#                  (a full GC: it stalls the server for its duration) and GC.heap_info after it
# Flood options (see Flood.java): --connections 4000 --bytes 2m --sources 2-250 --threads 1
#   --duration 60 --after 20 --final-echoes 1000 --reopen --probe-interval 100 --probe-timeout 5000 ...
# Results: benchmarks/target/results/flood-<time>/ (flood.log, JSON, samples, karaf.log copy).
# Needs: mvn install -DskipTests; a hard open-file limit of at least 20000 (ulimit -Hn).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
assembly="$root/karaf-distribution/target/assembly"
home=/tmp/pb-flood
start=1
pin=0
keep=0
build=0
histo_at=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --home) home=$2; shift 2 ;;
    --no-start) start=0; shift ;;
    --pin) pin=1; shift ;;
    --keep) keep=1; shift ;;
    --build) build=1; shift ;;
    --histo-at) histo_at=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | cut -c3-; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done

if [ "$build" = 1 ] || ! ls "$here"/target/patchbay-benchmarks-*.jar >/dev/null 2>&1 \
   || ! unzip -l "$(ls "$here"/target/patchbay-benchmarks-*.jar | grep -v -e '-sources' -e '-javadoc' | head -n 1)" \
        | grep -q 'dev/patchbay/benchmarks/Flood.class'; then
  (cd "$root" && mvn -o -q -B install -DskipTests -pl benchmarks)
fi
. "$here/built-jar.sh"

ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "open-file limit: $(ulimit -n) (hard $(ulimit -Hn))"

out="$here/target/results/flood-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
server_cpu=""
flood_cpu=""
if [ "$pin" = 1 ]; then
  server_cpu="taskset -c 0"
  flood_cpu="taskset -c 1"
fi

port_open() { (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }

if [ "$start" = 1 ]; then
  if port_open 7007; then
    echo "something already listens on 127.0.0.1:7007 (another Karaf?); stop it first or use --no-start --home DIR" >&2
    exit 2
  fi
  [ -d "$assembly" ] || { echo "no $assembly: run 'mvn install -DskipTests' first" >&2; exit 2; }
  rm -rf "$home"
  cp -r "$assembly" "$home"
  rm -rf "$home/data"
  echo "starting $home/bin/start (as shipped; its console output to $out/console.log)${server_cpu:+, pinned: $server_cpu}"
  # KARAF_REDIRECT only keeps the JVM's own stdout/stderr (an OutOfMemoryError's last words).
  KARAF_REDIRECT="$out/console.log" $server_cpu "$home/bin/start"
fi
stop_server() {
  [ "$start" = 1 ] && [ "$keep" = 0 ] || return 0
  local p
  p=$(cat "$home/karaf.pid" 2>/dev/null || true)
  if ! PATCHBAY_STOP_TIMEOUT=60 "$home/bin/stop" >/dev/null 2>&1; then
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
      echo "bin/stop failed; killing the server (pid $p)" >&2
      kill -9 "$p" || true
    fi
  fi
}
samplers=()
cleanup() {
  for s in "${samplers[@]}"; do kill "$s" 2>/dev/null || true; done
  stop_server
}
trap cleanup EXIT

for _ in $(seq 1 240); do port_open 7007 && break; sleep 0.5; done
port_open 7007 || { echo "the echo endpoint 127.0.0.1:7007 did not answer within 120 s" >&2; exit 1; }
for _ in $(seq 1 20); do [ -s "$home/karaf.pid" ] && break; sleep 0.5; done
pid=$(cat "$home/karaf.pid")
sleep 5 # let the start settle
echo "server pid $pid: $(ps -o args= -p "$pid" | tr ' ' '\n' | grep -E '^-X(mx|ms)|^-XX:\+Use.*GC|ExitOnOutOfMemory' | tr '\n' ' ')"
echo "server JVM: $(jcmd "$pid" VM.flags 2>/dev/null | tr ' ' '\n' | grep -E 'MaxHeapSize|Use[A-Za-z]*GC|ActiveProcessorCount' | tr '\n' ' ')"
grep -h 'memory budget' "$home/data/log/karaf.log" | tail -n 1 || true
uptime

# --- samplers, one line a second ---
jstat -gc -t "$pid" 1000 > "$out/jstat.txt" 2>&1 &
samplers+=($!)
(
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(ps -o rss= -p "$pid" | tr -d ' ')
    est=$(ss -Htn state established '( sport = :7007 )' 2>/dev/null | wc -l)
    echo "$(date +%s) ${rss:-0} $est"
    sleep 1
  done
) > "$out/rss.txt" &
samplers+=($!)
(
  while kill -0 "$pid" 2>/dev/null; do
    curl -s -m 3 http://127.0.0.1:8181/metrics | grep '^patchbay_transport_' | sed "s/^/$(date +%s) /"
    sleep 5
  done
) > "$out/metrics.txt" 2>/dev/null &
samplers+=($!)

if [ -n "$histo_at" ]; then
  (
    sleep "$histo_at"
    t0=$(date +%s.%N)
    jcmd "$pid" GC.class_histogram > "$out/histo.txt" 2>&1
    t1=$(date +%s.%N)
    { echo "class histogram at +${histo_at}s took $(echo "$t1 - $t0" | bc) s"; jcmd "$pid" GC.heap_info; } > "$out/heap-live.txt" 2>&1
  ) &
  samplers+=($!)
fi

# --- the flood ---
set +e
$flood_cpu java -Xmx1g -cp "$jar:$here/target/lib/*" dev.patchbay.benchmarks.Flood \
  --json "$out/flood.json" "${args[@]}" 2>&1 | tee "$out/flood.log"
flood_rc=${PIPESTATUS[0]}
set -e
sleep 2
for s in "${samplers[@]}"; do kill "$s" 2>/dev/null || true; done
samplers=()
if [ -s "$out/heap-live.txt" ]; then
  echo
  echo "=== live heap during the flood (--histo-at $histo_at) ==="
  head -n 1 "$out/heap-live.txt"
  grep -iE 'garbage-first heap|total' "$out/heap-live.txt" | head -n 1
  head -n 15 "$out/histo.txt"
  tail -n 1 "$out/histo.txt"
fi

echo
echo "=== Server ==="
if kill -0 "$pid" 2>/dev/null; then
  echo "server pid $pid still running"
  jcmd "$pid" GC.heap_info 2>/dev/null | grep -iE 'total|used' | head -n 2 | sed 's/^/after the run: /'
  jcmd "$pid" GC.run >/dev/null 2>&1 && sleep 1
  jcmd "$pid" GC.heap_info 2>/dev/null | grep -iE 'garbage-first heap|def new|PSYoung|total' | head -n 1 | sed 's/^/after a full GC: /'
  echo "RSS now: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"
else
  echo "SERVER PROCESS $pid IS GONE"
fi
awk 'NR==1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
     $1 ~ /^[0-9.]+$/ {
       used = $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]; cap = $c["S0C"] + $c["S1C"] + $c["EC"] + $c["OC"];
       if (used > mu) mu = used; if (cap > mc) mc = cap; if ($c["OU"] > mo) mo = $c["OU"];
       fgc = $c["FGC"]; ygc = $c["YGC"]; gct = $c["GCT"]; n++ }
     END { printf "heap (jstat -gc, %d samples): peak used %.0f MiB, peak committed %.0f MiB, peak old gen %.0f MiB; young GCs %d, full GCs %d, GC time %.1f s\n",
                  n, mu / 1024, mc / 1024, mo / 1024, ygc, fgc, gct }' "$out/jstat.txt"
awk '{ if ($2 > r) r = $2; if ($3 > e) e = $3; n++ } END { printf "RSS (ps, %d samples): peak %.0f MiB; established connections on :7007 (ss): peak %d\n", n, r / 1024, e }' "$out/rss.txt"
awk '$2 == "patchbay_transport_memory_held_bytes" { if ($3 + 0 > h) h = $3 + 0 }
     $2 == "patchbay_transport_memory_budget_bytes" { b = $3 + 0 }
     $2 == "patchbay_transport_sessions_paused_for_memory" { if ($3 + 0 > p) p = $3 + 0 }
     $2 ~ /^patchbay_transport_memory_state\{state="full"/ && $3 + 0 == 1 { full++ }
     END { printf "transport (/metrics every 5 s): budget %.0f MiB, peak held %.0f MiB, peak sessions paused for memory %d, samples in state full %d\n",
                  b / 1048576, h / 1048576, p, full }' "$out/metrics.txt"

echo
echo "=== karaf.log ==="
# karaf.log rolls at 16 MB: take the rolled files too, oldest first.
log="$out/karaf.log"
: > "$log"
for f in $(ls "$home"/data/log/karaf.log.* 2>/dev/null | sort -t. -k3 -rn) "$home/data/log/karaf.log"; do
  cat "$f" >> "$log" 2>/dev/null || true
done
echo "$(wc -l < "$log") lines, $(du -k "$log" | cut -f1) KiB over $(ls "$home"/data/log/karaf.log* | wc -l) file(s); data/log: $(ls "$home"/data/log | tr '\n' ' ')"
echo "OutOfMemoryError: $(grep -c 'OutOfMemoryError' "$log" "$out/console.log" 2>/dev/null | tr '\n' ' ')"
grep -n 'OutOfMemoryError' "$log" | head -n 5 || true
echo "'Transport memory' lines: $(grep -c 'Transport memory' "$log" || true)"
grep 'Transport memory' "$log" | head -n 10 || true
echo "'refused connection' lines: $(grep -c 'refused connection' "$log" || true) (of which memory budget: $(grep 'refused connection' "$log" | grep -c 'memory budget' || true))"
grep 'refused connection' "$log" | head -n 3 || true
grep -E 'more connection\(s\) refused|not logged one by one' "$log" | head -n 5 || true
echo "WARN/ERROR lines by logger and message start (top 15):"
grep -E '\| (WARN|ERROR) ' "$log" | awk -F'|' '{ m = $6; sub(/^ +/, "", m); print $2 "|" $4 "|" substr(m, 1, 90) }' \
  | sed -E 's/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -n 15 || true
echo "lines by logger (top 8; a logger writing per connection shows here):"
awk -F'|' 'NF > 5 { l = $4; gsub(/ /, "", l); print l }' "$log" | sort | uniq -c | sort -rn | head -n 8 || true

echo
echo "=== /metrics (patchbay_transport_) ==="
curl -s -m 5 http://127.0.0.1:8181/metrics | grep '^patchbay_transport_' || echo "(no answer from /metrics)"
echo
echo "results: $out"
exit "$flood_rc"
