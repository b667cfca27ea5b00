#!/usr/bin/env bash
# Copies the built distribution (karaf-distribution/target/assembly) to DIR, replacing DIR, with
# every listening port moved so that it can run next to another Patchbay on the default ports:
# echo 27007, echo-limited 27008, echo-tls 27443, resp 26380, HTTP (/metrics, /health) 28181,
# ssh 28101, JMX RMI 21099/24444. Its data/ starts empty. Start it with DIR/bin/start, stop with DIR/bin/stop.
#
# Usage: benchmarks/private-karaf.sh DIR
# e.g.   benchmarks/private-karaf.sh /tmp/pb-bench && \
#        benchmarks/run.sh --karaf-home /tmp/pb-bench --patchbay-port 27007 --chain-port 27017
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
assembly="$here/../karaf-distribution/target/assembly"
dir=${1:?usage: private-karaf.sh DIR}
[ -x "$assembly/bin/start" ] || { echo "no $assembly: run 'mvn install -DskipTests' first" >&2; exit 2; }
if [ -s "$dir/karaf.pid" ] && kill -0 "$(cat "$dir/karaf.pid")" 2>/dev/null; then
  echo "a Karaf runs from $dir (pid $(cat "$dir/karaf.pid")): stop it first ($dir/bin/stop)" >&2
  exit 2
fi
rm -rf "$dir"
cp -r "$assembly" "$dir"
rm -rf "$dir/data"
e="$dir/etc"
set_port() { # FILE KEY-REGEX NEW-LINE
  grep -q "$2" "$1" || { echo "private-karaf.sh: no '$2' in $1: ports not moved" >&2; exit 1; }
  sed -i "s/$2.*/$3/" "$1"
}
set_port "$e/dev.patchbay.endpoint-echo.cfg" '^port *=' 'port = 27007'
set_port "$e/dev.patchbay.endpoint-echo-limited.cfg" '^port *=' 'port = 27008'
set_port "$e/dev.patchbay.endpoint-echo-tls.cfg" '^port *=' 'port = 27443'
if [ -f "$e/dev.patchbay.endpoint-resp.cfg" ]; then
  set_port "$e/dev.patchbay.endpoint-resp.cfg" '^port *=' 'port = 26380'
fi
set_port "$e/org.ops4j.pax.web.cfg" '^org.osgi.service.http.port *=' 'org.osgi.service.http.port=28181'
set_port "$e/org.apache.karaf.shell.cfg" '^sshPort *=' 'sshPort = 28101'
set_port "$e/org.apache.karaf.management.cfg" '^rmiRegistryPort *=' 'rmiRegistryPort = 21099'
set_port "$e/org.apache.karaf.management.cfg" '^rmiServerPort *=' 'rmiServerPort = 24444'
echo "$dir: echo 27007, HTTP 28181, ssh 28101"
