#!/bin/sh
# TLS against plaintext on a running Patchbay: echo throughput and latency, then new
# connections per second (full TLS handshakes), on 127.0.0.1:7007 (plaintext echo) and
# 127.0.0.1:7443 (the TLS echo endpoint, profile "default"), one after the other.
# Usage: karaf-distribution/target/assembly/bin/start, then
#        benchmarks/tls.sh [--connections 50] [--inflight 16] [--size 64] [--duration 10] [--protocol TLSv1.2]
# Needs: mvn install -DskipTests. See BENCHMARKS.md.
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/built-jar.sh"
mkdir -p "$here/target/results"
exec java -cp "$jar:$here/target/lib/*" dev.patchbay.benchmarks.TlsLoad \
  --json "$here/target/results/tls-$(date +%Y%m%d-%H%M%S).json" "$@"
