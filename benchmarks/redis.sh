#!/usr/bin/env bash
# redis-benchmark against Patchbay's RESP endpoint and against redis-server in the same run:
# each server started on CPU 0 (taskset -c 0), redis-benchmark on CPU 1, 50 clients, pipeline
# 1 and 16, the default test set (-q), rounds interleaved over the two servers, medians, the
# ratio Patchbay / redis-server, redis-benchmark's own CPU and each server's CPU; then memory per
# key of both.
#
# At a pipeline above 1 a test of 100,000 requests lasts about 0.1 s, so connecting 50 clients,
# the start of the run and (for a JVM not warmed up) compiling weigh in: every round therefore
# also runs SET and GET with --long-requests (default 2,000,000, a second or two each), reported
# as their own rows. Before the rounds each server is warmed up with the whole test set and the
# long SET/GET once, so that Patchbay's JIT has compiled every command's path before anything is
# measured (redis-server needs no warm-up; it gets the same).
#
# Usage: benchmarks/redis.sh [--rounds 3] [--requests 100000] [--clients 50] [--pipelines "1 16"]
#                            [--tests set,get] [--keys 100000] [--long-requests 2000000] [--redis-only]
# Needs: mvn install -DskipTests (the distribution), redis-server, redis-benchmark and redis-cli
# (Debian: apt-get install redis-server redis-tools), taskset, python3, jcmd.
# The machine is shared: flock -o /tmp/patchbay-heavy.lock benchmarks/redis.sh
# Patchbay runs from a private copy of the distribution (private-karaf.sh: resp on 26380),
# redis-server on 26379 with persistence off; both are stopped at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=3 requests=100000 clients=50 pipelines="1 16" tests="" keys=100000 long_requests=2000000 redis_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --pipelines) pipelines=$2; shift 2 ;;
    --tests) tests=$2; shift 2 ;;
    --keys) keys=$2; shift 2 ;;
    --long-requests) long_requests=$2; shift 2 ;;
    --redis-only) redis_only=1; shift ;;
    *) echo "unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done
for tool in redis-server redis-benchmark redis-cli taskset python3 jcmd; do
  command -v "$tool" >/dev/null || { echo "redis.sh needs $tool (redis-server, redis-tools: apt-get install redis-server redis-tools)" >&2; exit 2; }
done
redis_port=26379 patchbay_port=26380
work=$(mktemp -d /tmp/patchbay-redis-bench.XXXXXX)
results="$here/target/results/redis-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
redis_pid="" karaf=""

cleanup() {
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true
  [ -n "$karaf" ] && "$karaf/bin/stop" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' INT TERM

ping_ok() { [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = "PONG" ]; }
await_ping() { # PORT SECONDS
  for _ in $(seq 1 $(( $2 * 4 ))); do ping_ok "$1" && return 0; sleep 0.25; done
  return 1
}

echo "redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), redis-benchmark on CPU 1, servers on CPU 0"
taskset -c 0 redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$work" --logfile "$work/redis-server.log" &
redis_pid=$!
await_ping "$redis_port" 20 || { echo "redis-server did not answer PING on $redis_port" >&2; exit 1; }

targets="redis"
if [ "$redis_only" = 0 ]; then
  karaf="$work/karaf"
  "$here/private-karaf.sh" "$karaf" >/dev/null
  (cd "$karaf" && taskset -c 0 bin/start)
  if await_ping "$patchbay_port" 120; then
    # Threads Karaf started before taskset applied (none, normally) go to CPU 0 as well.
    taskset -a -p -c 0 "$(cat "$karaf/karaf.pid")" >/dev/null
    targets="redis patchbay"
  else
    echo "Patchbay's resp endpoint (127.0.0.1:$patchbay_port) does not answer PING: is the resp handler installed?" \
         "Measuring redis-server alone." >&2
  fi
fi
port_of() { if [ "$1" = redis ]; then echo "$redis_port"; else echo "$patchbay_port"; fi; }

pid_of() { if [ "$1" = redis ]; then echo "$redis_pid"; else cat "$karaf/karaf.pid"; fi; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system, in clock ticks
bench() { # TARGET PIPELINE OUT REQUESTS [TESTS]: writes OUT, OUT.time (the client's) and OUT.server (server ticks, ticks/s)
  local port pid before; port=$(port_of "$1"); pid=$(pid_of "$1")
  local only=${5:-$tests}
  local TIMEFORMAT='%U %S %R'
  before=$(cpu_ticks "$pid")
  { time taskset -c 1 redis-benchmark -h 127.0.0.1 -p "$port" -c "$clients" -P "$2" -n "$4" -q \
      ${only:+-t "$only"} >"$3" 2>&1 ; } 2>"$3.time"
  echo "$(( $(cpu_ticks "$pid") - before )) $(getconf CLK_TCK)" >"$3.server"
}
# The long SET/GET pass runs at every pipeline above 1, unless --tests leaves SET and GET out.
long_tests=set,get
if [ -n "$tests" ]; then
  long_tests=$(echo "$tests" | tr ',' '\n' | grep -ixE 'set|get' | paste -sd, || true)
fi
[ "$long_requests" -gt 0 ] || long_tests=""

echo "warm-up (not recorded): $targets"
for t in $targets; do
  bench "$t" 16 "$work/warmup-$t.txt" "$requests"
  [ -z "$long_tests" ] || bench "$t" 16 "$work/warmup-long-$t.txt" "$long_requests" "$long_tests"
done

for r in $(seq 1 "$rounds"); do
  for p in $pipelines; do
    order=$targets
    # Every other round the other server goes first, so that a drift of the machine hits both.
    if [ $(( r % 2 )) = 0 ]; then order=$(echo "$targets" | tr ' ' '\n' | tac | tr '\n' ' '); fi
    for t in $order; do
      echo "round $r/$rounds, pipeline $p: $t"
      bench "$t" "$p" "$results/$t-P$p-r$r.txt" "$requests"
      if [ "$p" -gt 1 ] && [ -n "$long_tests" ]; then
        bench "$t" "$p" "$results/$t-P$p-long-r$r.txt" "$long_requests" "$long_tests"
      fi
    done
  done
done

# Memory per key: KEYS keys "key:NNNNNNNNNN" with a 3-byte value (redis-benchmark's default
# data size), loaded with redis-cli --pipe into an emptied server. redis-server: used_memory of
# INFO memory. Patchbay: the JVM's heap after a full GC (jcmd), and INFO's used_memory if the
# handler reports one.
python3 - "$keys" >"$work/keys.resp" <<'PY'
import sys
out = sys.stdout.buffer
for i in range(int(sys.argv[1])):
    k = b"key:%010d" % i
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$3\r\nxxx\r\n" % (len(k), k))
PY
info_field() { redis-cli -h 127.0.0.1 -p "$1" info memory 2>/dev/null | tr -d '\r' | sed -n "s/^$2://p"; }
heap_used_kb() { # PID: heap in use after a full GC, in KiB (jcmd's output kept in the results)
  { jcmd "$1" GC.run; jcmd "$1" GC.heap_info; } >>"$results/patchbay-jcmd.txt" 2>&1 || true
  # G1 prints one "garbage-first heap total ..K, used ..K" line; the serial collector (which a
  # JVM started on one CPU picks) one line per generation: add them up.
  jcmd "$1" GC.heap_info 2>/dev/null | awk '/(heap|generation) +total [0-9]+K, used [0-9]+K/ {
      for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); sum += v } }
    END { if (sum) print sum }'
}
rss_kb() { ps -o rss= -p "$1" | tr -d ' '; }
memory_of() { # TARGET -> "info_before info_after heap_before heap_after rss_before rss_after"
  local port pid; port=$(port_of "$1")
  if [ "$1" = redis ]; then pid=$redis_pid; else pid=$(cat "$karaf/karaf.pid"); fi
  redis-cli -h 127.0.0.1 -p "$port" flushall >/dev/null
  local ib hb rb ia ha ra
  ib=$(info_field "$port" used_memory); rb=$(rss_kb "$pid")
  if [ "$1" = patchbay ]; then hb=$(heap_used_kb "$pid"); else hb=0; fi
  redis-cli -h 127.0.0.1 -p "$port" --pipe <"$work/keys.resp" >"$results/$1-pipe.txt" 2>&1
  ia=$(info_field "$port" used_memory); ra=$(rss_kb "$pid")
  if [ "$1" = patchbay ]; then ha=$(heap_used_kb "$pid"); else ha=0; fi
  redis-cli -h 127.0.0.1 -p "$port" dbsize >"$results/$1-dbsize.txt" 2>&1 || true
  echo "${ib:-0} ${ia:-0} ${hb:-0} ${ha:-0} ${rb:-0} ${ra:-0}" >"$results/$1-memory.txt"
}
for t in $targets; do memory_of "$t"; done

python3 - "$results" "$rounds" "$pipelines" "$targets" "$keys" "$clients" "$requests" "$long_requests" <<'PY'
import os, re, statistics, sys
results, rounds, pipelines, targets, keys, clients, requests, long_requests = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split(), int(sys.argv[5]), sys.argv[6], sys.argv[7], int(sys.argv[8])
line = re.compile(r"^(.+?): ([0-9.]+) requests per second")
rps, errors, cpu, server, order = {}, {}, {}, {}, []
for t in targets:
    for p in pipelines:
        for r in range(1, rounds + 1):
            for kind in ("", "-long"):
                path = os.path.join(results, f"{t}-P{p}{kind}-r{r}.txt")
                if not os.path.exists(path):
                    continue
                text = open(path, encoding="latin-1").read()
                errors[(t, p)] = errors.get((t, p), 0) + sum(1 for l in re.split(r"[\r\n]", text) if "rror" in l)
                for piece in re.split(r"[\r\n]", text):
                    m = line.match(piece.strip())
                    if m:
                        name = m.group(1) + (f" ({long_requests:,} requests)" if kind else "")
                        if name not in order:
                            order.append(name)
                        rps.setdefault((t, p, name), []).append(float(m.group(2)))
                user, system, real = (float(x) for x in open(path + ".time").read().split())
                key = (t, p + kind)
                cpu.setdefault(key, []).append(100.0 * (user + system) / real if real > 0 else 0.0)
                ticks, hz = (float(x) for x in open(path + ".server").read().split())
                server.setdefault(key, []).append(100.0 * ticks / hz / real if real > 0 else 0.0)
def med(values):
    return statistics.median(values) if values else None
def fmt(v):
    return "-" if v is None else f"{v:,.0f}"
out = []
out.append(f"redis-benchmark -c {clients} -n {requests} -q, medians of {rounds} interleaved rounds, requests per second; ratio = Patchbay / redis-server")
out.append("")
head = "| test |"
rule = "|---|"
for p in pipelines:
    for t in targets:
        head += f" {'redis-server' if t == 'redis' else 'Patchbay'} P{p} |"
        rule += "---:|"
    if "patchbay" in targets:
        head += f" ratio P{p} |"
        rule += "---:|"
out += [head, rule]
for name in order:
    row = f"| {name} |"
    for p in pipelines:
        values = {t: med(rps.get((t, p, name), [])) for t in targets}
        for t in targets:
            row += f" {fmt(values[t])} |"
        if "patchbay" in targets:
            r, pb = values.get("redis"), values.get("patchbay")
            row += f" {pb / r:.2f}x |" if r and pb else " - |"
    out.append(row)
out.append("")
for t in targets:
    for p in pipelines:
        for kind, what in (("", f"{requests} requests per test"), ("-long", f"{long_requests:,} requests of SET/GET")):
            c, sv = med(cpu.get((t, p + kind), [])), med(server.get((t, p + kind), []))
            if c is None:
                continue
            out.append(f"{t}, pipeline {p}, {what}: redis-benchmark CPU {c:.0f}%, server CPU {sv:.0f}% of a core (medians, user+sys over the client's wall time)")
        out.append(f"{t}, pipeline {p}: lines mentioning an error: {errors.get((t, p), 0)}")
out.append("")
for t in targets:
    ib, ia, hb, ha, rb, ra = (int(x) for x in open(os.path.join(results, f"{t}-memory.txt")).read().split())
    parts = []
    if ia > ib:
        parts.append(f"INFO used_memory {(ia - ib) / keys:.0f} B/key")
    if ha > hb:
        parts.append(f"heap after full GC {(ha - hb) * 1024 / keys:.0f} B/key")
    parts.append(f"RSS {(ra - rb) * 1024 / keys:.0f} B/key")
    dbsize = open(os.path.join(results, f"{t}-dbsize.txt")).read().strip()
    out.append(f"memory per key, {t}: {', '.join(parts)} ({keys} keys of 14 bytes with 3-byte values; DBSIZE {dbsize})")
text = "\n".join(out)
print(text)
open(os.path.join(results, "summary.md"), "w").write(text + "\n")
PY
echo "raw outputs and summary.md: $results"
