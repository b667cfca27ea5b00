#!/usr/bin/env bash
# A real Prometheus scraping two Patchbay processes computes one p99 for both:
#   histogram_quantile(0.99, sum by (le) (rate(patchbay_message_latency_seconds_bucket[1m])))
#
# Unpacks the distribution archive twice (replica a: the echo handler on the I/O threads,
# replica b: the same handler on the worker pool, so their latencies differ), moves every
# port of each to a range of its own, starts both with bin/start, sends echo lines to both,
# runs Prometheus (scrape every second) on them, and after LOAD_SECONDS prints the p99 of
# each replica and of both together, then runs every latency and duration query of the
# Grafana dashboard and every alert expression against that Prometheus (each must be valid;
# the histogram ones must return data). Exit status 0 when all of that held.
#
# Needs: the archive (mvn install -DskipTests), Java 17, prometheus and promtool
# (apt-get install prometheus), curl, python3. On a shared build machine, run it under the
# heavy-work lock without passing the lock on to the servers:
#   flock -o /tmp/patchbay-heavy.lock ops/prometheus/two-replicas-p99.sh
# Settings (environment): LOAD_SECONDS (70), PORT_BASE (27100: replica a uses PORT_BASE+1..7,
# b PORT_BASE+11..17, Prometheus PORT_BASE+50), PATCHBAY_ARCHIVE, KEEP=1 keeps the work directory.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
load_seconds=${LOAD_SECONDS:-70}
base=${PORT_BASE:-27100}
prom_port=$((base + 50))
archive=${PATCHBAY_ARCHIVE:-$(ls "$root"/karaf-distribution/target/patchbay-distribution-*.tar.gz 2>/dev/null | head -n 1)}

for tool in prometheus curl python3 java tar; do
  command -v "$tool" >/dev/null || { echo "two-replicas-p99: $tool not found" >&2; exit 2; }
done
[ -f "${archive:-}" ] || { echo "two-replicas-p99: no distribution archive (mvn install -DskipTests first)" >&2; exit 2; }
for port in $(seq $((base + 1)) $((base + 7))) $(seq $((base + 11)) $((base + 17))) $prom_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "two-replicas-p99: port $port is taken; choose another PORT_BASE" >&2; exit 2
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/patchbay-p99.XXXXXX")
prom_pid=
load_pid=
homes=()

cleanup() {
  status=$?
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  [ -n "$prom_pid" ] && kill "$prom_pid" 2>/dev/null && wait "$prom_pid" 2>/dev/null || true
  for home in "${homes[@]}"; do
    "$home/bin/stop" >/dev/null 2>&1 || true
  done
  if [ "${KEEP:-0}" = 1 ] || [ $status -ne 0 ]; then
    echo "work directory kept: $work (logs in */data/log/, prometheus.log)"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# replica <name> <first port>: unpacked, every listener on its own port, still on 127.0.0.1.
replica() {
  local name=$1 first=$2 home
  mkdir -p "$work/$name"
  tar -xzf "$archive" -C "$work/$name"
  home=$(find "$work/$name" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  local etc=$home/etc
  sed -i "s/^sshPort=.*/sshPort=$first/" "$etc/org.apache.karaf.shell.cfg"
  sed -i "s/^rmiRegistryPort=.*/rmiRegistryPort=$((first + 1))/; s/^rmiServerPort=.*/rmiServerPort=$((first + 2))/" \
    "$etc/org.apache.karaf.management.cfg"
  sed -i "s/^org.osgi.service.http.port=.*/org.osgi.service.http.port=$((first + 3))/" "$etc/org.ops4j.pax.web.cfg"
  sed -i "s/^port = .*/port = $((first + 4))/" "$etc/dev.patchbay.endpoint-echo.cfg"
  sed -i "s/^port = .*/port = $((first + 5))/" "$etc/dev.patchbay.endpoint-echo-limited.cfg"
  sed -i "s/^port = .*/port = $((first + 6))/" "$etc/dev.patchbay.endpoint-echo-tls.cfg"
  echo "$home"
}

await_ready() {
  local port=$1 deadline=$((SECONDS + 180))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; do
    [ $SECONDS -lt $deadline ] || { echo "replica on :$port not ready within 180 s" >&2; return 1; }
    sleep 1
  done
}

a=$(replica a $((base + 1)))
b=$(replica b $((base + 11)))
homes=("$a" "$b")
echo "handler.executor = worker" >> "$b/etc/dev.patchbay.endpoint-echo.cfg"
for home in "$a" "$b"; do
  (cd "$home" && PATCHBAY_HEAP=384m KARAF_REDIRECT="$home/console.log" bin/start)
done
await_ready $((base + 4))
await_ready $((base + 14))
echo "replicas ready: a (/metrics on :$((base + 4)), echo :$((base + 5))), b (/metrics on :$((base + 14)), echo :$((base + 15)), handler.executor = worker)"

cat > "$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: patchbay
    static_configs:
      - targets: ['127.0.0.1:$((base + 4))', '127.0.0.1:$((base + 14))']
EOF
promtool check config "$work/prometheus.yml" >/dev/null
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" > "$work/prometheus.log" 2>&1 &
prom_pid=$!

# Echo load on both: 4 connections each, one line in flight per connection, about 1000 lines/s per replica.
python3 - "$((base + 5))" "$((base + 15))" "$load_seconds" > "$work/load.log" 2>&1 <<'EOF' &
import socket, sys, threading, time
ports, seconds = [int(p) for p in sys.argv[1:3]], float(sys.argv[3])
end = time.time() + seconds
counts = {}
def client(port, n):
    s = socket.create_connection(("127.0.0.1", port))
    f = s.makefile("rb")
    i = 0
    while time.time() < end:
        line = b"line %d %d\n" % (n, i)
        s.sendall(line)
        if f.readline() != line:
            raise SystemExit("wrong echo on port %d" % port)
        i += 1
        time.sleep(0.004)
    counts[(port, n)] = i
    s.close()
threads = [threading.Thread(target=client, args=(p, n)) for p in ports for n in range(4)]
for t in threads: t.start()
for t in threads: t.join()
for p in ports:
    print("port %d: %d echoes" % (p, sum(c for (q, _), c in counts.items() if q == p)))
EOF
load_pid=$!
echo "load running for ${load_seconds} s; Prometheus on 127.0.0.1:$prom_port"
sleep "$load_seconds"
wait "$load_pid"
load_pid=
cat "$work/load.log"

query() {
  curl -sf --get "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1"
}

# "<labels> <value>" per result of an instant query, or the error.
show() {
  python3 -c '
import json, sys
r = json.load(sys.stdin)
if r.get("status") != "success":
    sys.exit("query failed: %s" % r)
for s in r["data"]["result"]:
    print("   ", s["metric"] or "{}", s["value"][1])
if not r["data"]["result"]:
    sys.exit("no result")
'
}

p99='histogram_quantile(0.99, sum by (le) (rate(patchbay_message_latency_seconds_bucket[1m])))'
echo
echo "scrape targets up:"; query 'up{job="patchbay"}' | show
echo "replies per second, per instance:"; query 'sum by (instance) (rate(patchbay_message_latency_seconds_count{endpoint="echo"}[1m]))' | show
echo "p50 and p99 per instance, seconds:"
query 'histogram_quantile(0.5, sum by (instance, le) (rate(patchbay_message_latency_seconds_bucket{endpoint="echo"}[1m])))' | show
query 'histogram_quantile(0.99, sum by (instance, le) (rate(patchbay_message_latency_seconds_bucket{endpoint="echo"}[1m])))' | show
echo "p99 of both replicas together, seconds:"
echo "  $p99"
query "$p99" | show
value=$(query "$p99" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["result"][0]["value"][1])')
case "$value" in
  NaN|+Inf|-Inf|"") echo "two-replicas-p99: the aggregated p99 is $value" >&2; exit 1 ;;
esac

echo
echo "the dashboard's and the alert rules' queries against this Prometheus:"
python3 - "$root/ops/grafana/patchbay-dashboard.json" "$root/ops/prometheus/patchbay-alerts.yml" "$prom_port" <<'EOF'
import json, re, sys, urllib.parse, urllib.request
dashboard, rules, port = sys.argv[1], sys.argv[2], sys.argv[3]
exprs = []
for panel in json.load(open(dashboard))["panels"]:
    for t in panel.get("targets", []):
        exprs.append(("dashboard: " + panel["title"], t["expr"]))
# The rules file is YAML; its expressions are either one line or a block after "expr: |".
lines = open(rules).read().splitlines()
i = 0
while i < len(lines):
    m = re.match(r"\s*expr:\s*(.*)$", lines[i])
    if m:
        if m.group(1) == "|":
            indent, block = None, []
            i += 1
            while i < len(lines) and (lines[i].strip() == "" or indent is None or lines[i].startswith(indent)):
                if indent is None:
                    indent = re.match(r"\s*", lines[i]).group(0)
                block.append(lines[i].strip())
                i += 1
            exprs.append(("alert rule", " ".join(block)))
            continue
        exprs.append(("alert rule", m.group(1)))
    i += 1
def run(q):
    url = "http://127.0.0.1:%s/api/v1/query?%s" % (port, urllib.parse.urlencode({"query": q}))
    try:
        r = json.load(urllib.request.urlopen(url))
    except Exception as e:
        return -1, str(e)
    return (len(r["data"]["result"]), None) if r.get("status") == "success" else (-1, r.get("error"))

failed = 0
for where, expr in exprs:
    q = expr.replace("$__rate_interval", "1m").replace('=~"$endpoint"', '=~".*"').replace('=~"$instance"', '=~".*"')
    n, error = run(q)
    ok = n >= 0
    if ok and "_bucket" in q:
        # A histogram query must find data; an alert's, before its threshold (which a quiet run does not cross).
        n_data, _ = run(re.sub(r"\s*[<>]=?\s*[0-9.]+\s*$", "", q))
        ok = n_data > 0
        n = n_data if n == 0 else n
    failed += not ok
    print("  %-4s %3s series  %s: %s" % ("ok" if ok else "FAIL", n if n >= 0 else "-", where, q if len(q) < 150 else q[:147] + "..."))
    if error:
        print("       ", error)
sys.exit(1 if failed else 0)
EOF
echo
echo "two-replicas-p99: OK"
