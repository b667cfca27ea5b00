#!/usr/bin/env bash
# Connection scale: Patchbay's heap and RSS while it holds N idle connections.
#
# Runs a private copy of the built distribution (its own ports) with one extra endpoint,
# etc/dev.patchbay.endpoint-scale.cfg (line echo on 127.0.0.1:17020, max.connections 1,000,000,
# idle.timeout 0), raises the open-file limit for it and the client, and runs IdleScale: for each
# count it opens that many connections from 127.0.0.2, 127.0.0.3, ... (about 28,000 ephemeral
# ports per source address), checks 1 in 100 of them echoes, and reads Karaf's heap in use after
# a full GC (jcmd GC.run + GC.heap_info) and its RSS.
#
# Usage: benchmarks/conn-scale.sh [counts (0,10000,50000,100000)] [karaf -Xmx (2g)]
# Needs: root or a hard 'ulimit -n' above the largest count + a few thousand; mvn install -DskipTests.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
assembly="$here/../karaf-distribution/target/assembly"
. "$here/built-jar.sh"
counts=${1:-0,10000,50000,100000}
xmx=${2:-2g}
max=$(echo "$counts" | tr ',' '\n' | sort -n | tail -n 1)
want=$((max + 10000))
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$want" ]; then
  if ! ulimit -Hn "$want" 2>/dev/null; then
    # No CAP_SYS_RESOURCE (e.g. a container): Karaf cannot hold more than the hard limit allows.
    hard=$(ulimit -Hn)
    echo "WARNING: hard open-file limit is $hard and cannot be raised here (needs CAP_SYS_RESOURCE);" \
         "dropping counts above $((hard - 1500))" >&2
    counts=$(echo "$counts" | tr ',' '\n' | awk -v m=$((hard - 1500)) '$1 <= m' | paste -sd, -)
    want=$hard
  fi
fi
ulimit -n "$want"
echo "open-file limit: $(ulimit -n); Karaf heap limit -Xmx$xmx"

work=$(mktemp -d /tmp/patchbay-scale.XXXXXX)
k="$work/karaf"
cleanup() { "$k/bin/stop" >/dev/null 2>&1 || true; for _ in $(seq 1 30); do [ -f "$k/karaf.pid" ] && kill -0 "$(cat "$k/karaf.pid")" 2>/dev/null || break; sleep 1; done; rm -rf "$work"; }
trap cleanup EXIT
cp -r "$assembly" "$k"
rm -rf "$k/data"
sed -i "s/^port = .*/port = 17027/" "$k/etc/dev.patchbay.endpoint-echo.cfg"
sed -i "s/^port = .*/port = 17028/" "$k/etc/dev.patchbay.endpoint-echo-limited.cfg"
sed -i "s/^sshPort.*/sshPort = 18102/" "$k/etc/org.apache.karaf.shell.cfg"
sed -i "s/^rmiRegistryPort.*/rmiRegistryPort = 11098/; s/^rmiServerPort.*/rmiServerPort = 14443/" "$k/etc/org.apache.karaf.management.cfg"
cat > "$k/etc/dev.patchbay.endpoint-scale.cfg" <<CFG
host = 127.0.0.1
port = 17020
codec = line
handler = echo
max.connections = 1000000
idle.timeout = 0
backlog = 4096
CFG
EXTRA_JAVA_OPTS="-Xmx$xmx" "$k/bin/start"
for _ in $(seq 1 240); do (exec 3<>/dev/tcp/127.0.0.1/17020) 2>/dev/null && break; sleep 0.5; done
sleep 5 # let the startup settle before the baseline
pid=$(cat "$k/karaf.pid")
mkdir -p "$here/target/results"
java -Xmx3g -cp "$jar:$here/target/lib/*" dev.patchbay.benchmarks.IdleScale --port 17020 --server-pid "$pid" \
  --counts "$counts" --json "$here/target/results/conn-scale-$(date +%Y%m%d-%H%M%S).json"
grep -c 'max.connections\|OutOfMemory' "$k/data/log/karaf.log" | sed 's/^/karaf.log lines about max.connections or OOM: /' || true
