#!/usr/bin/env bash
# Largest reply delay seen by clients during each kind of live handler swap.
#
# Runs a private copy of the built distribution (its own ports and a throw-away admin user),
# drives verified echo load at it (every reply checked, in order) and, in the middle of each
# run, performs one kind of swap: bundle:update of the echo handler, a newer echo version
# dropped into deploy/, patchbay:swap back to the older version, and a swap on a
# swap.policy=drain endpoint. Prints one row per kind: max and p999 reply delay, errors.
#
# Usage: benchmarks/swap-delay.sh [connections (200)] [in flight (1)] [seconds per run (12)]
# Needs: mvn install -DskipTests (the distribution and this module).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
assembly="$here/../karaf-distribution/target/assembly"
. "$here/built-jar.sh"
cp_load="$jar:$here/target/lib/*"
connections=${1:-200}
inflight=${2:-1}
seconds=${3:-12}
port=17007 ssh=18101

work=$(mktemp -d /tmp/patchbay-swap.XXXXXX)
cleanup() { "$work/karaf/bin/stop" >/dev/null 2>&1 || true; sleep 2; rm -rf "$work"; }
trap cleanup EXIT
cp -r "$assembly" "$work/karaf"
rm -rf "$work/karaf/data"
k="$work/karaf"
sed -i "s/^port = .*/port = $port/" "$k/etc/dev.patchbay.endpoint-echo.cfg"
sed -i "s/^port = .*/port = 17008/" "$k/etc/dev.patchbay.endpoint-echo-limited.cfg"
sed -i "s/^sshPort.*/sshPort = $ssh/" "$k/etc/org.apache.karaf.shell.cfg"
sed -i "s/^rmiRegistryPort.*/rmiRegistryPort = 11099/; s/^rmiServerPort.*/rmiServerPort = 14444/" "$k/etc/org.apache.karaf.management.cfg"
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf 'bench = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' "$password" >> "$k/etc/users.properties"

console() { echo "$1" | "$k/bin/client" -a $ssh -u bench -p "$password" -b 2>/dev/null; }
wait_port() { for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done; return 1; }

# The echo handler with a higher Bundle-Version, as an operator would build it.
versioned_echo() {
  python3 - "$1" "$2" <<'PY'
import re, sys, zipfile, glob
src = glob.glob(sys.argv[1] + '/system/dev/patchbay/patchbay-handler-echo/*/*.jar')[0]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == 'META-INF/MANIFEST.MF':
            data = re.sub(rb'Bundle-Version: [^\r\n]*', b'Bundle-Version: ' + sys.argv[2].rsplit('-', 1)[1][:-4].encode(), data)
        zout.writestr(item, data)
PY
}

"$k/bin/start"
wait_port $port
for _ in $(seq 1 60); do console "patchbay:endpoint-list" | grep -q LISTENING && break; sleep 1; done

# run KIND ACTION: load for $seconds, ACTION after a third of it.
results=()
run() {
  local kind=$1 action=$2 out="$work/$1.txt"
  java -cp "$cp_load" dev.patchbay.benchmarks.EchoLoad --port $port --connections "$connections" \
    --inflight "$inflight" --warmup 1 --duration "$seconds" --label "$kind" > "$out" 2>&1 &
  local load=$!
  sleep $((seconds / 3 + 1))
  eval "$action"
  wait $load || true
  local max p999 errors
  max=$(sed -n 's/.*max \([0-9]*\).*/\1/p' "$out")
  p999=$(sed -n 's/.*p999 \([0-9]*\).*/\1/p' "$out")
  errors=$(sed -n 's/.*errors      : \(.*\)/\1/p' "$out")
  results+=("$(printf '%-22s %10.1f %10.1f   %s' "$kind" "$(echo "$max / 1000" | bc -l)" "$(echo "$p999 / 1000" | bc -l)" "$errors")")
}

echo_id() { console "bundle:list -t 0 --no-format" | awk -F'\t' '/Echo handler/ && $4 ~ /'"$1"'/ {print $1}' | head -n 1; }

run baseline "true"
run bundle-update 'console "bundle:update $(echo_id SNAPSHOT)" >/dev/null'
versioned_echo "$k" "$work/patchbay-handler-echo-0.2.0.jar"
run newer-in-deploy 'cp "$work/patchbay-handler-echo-0.2.0.jar" "$k/deploy/"'
run console-swap 'console "patchbay:swap echo echo \"[0.1,0.2)\"" >/dev/null || true'
console "config:property-set -p dev.patchbay.endpoint~echo swap.policy drain" >/dev/null
console "config:property-set -p dev.patchbay.endpoint~echo drain.timeout 60" >/dev/null
run drain-policy-swap 'console "patchbay:swap echo echo \"[0.2,1)\"" >/dev/null || true'

echo
echo "Reply delay during live swaps: $connections connections x $inflight in flight, 64-byte lines, $seconds s per run"
printf '%-22s %10s %10s   %s\n' "swap" "max ms" "p999 ms" "errors"
for row in "${results[@]}"; do echo "$row"; done
console "patchbay:endpoint-list --no-format; patchbay:handler-list --no-format" | sed 's/^/  /'
