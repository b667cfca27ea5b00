#!/bin/sh
# Compare Patchbay's echo endpoints (bare, and with the rate-limit filter) with raw MINA and
# Netty echo servers under the same load.
# Usage: benchmarks/run.sh [--connections 50] [--inflight 16] [--size 64] [--warmup 5] [--duration 15] ...
#        benchmarks/run.sh --matrix main     (12 scenarios x 4 targets, about 8 minutes)
# Needs: mvn install -DskipTests (builds the distribution and this module). See README.md.
set -e
here=$(cd "$(dirname "$0")" && pwd)
jar=$(ls "$here"/target/patchbay-benchmarks-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1)
if [ -z "$jar" ] || [ ! -d "$here/target/lib" ]; then
  echo "benchmarks not built: run 'mvn install -DskipTests' in $(dirname "$here") first" >&2
  exit 2
fi
exec java -cp "$jar:$here/target/lib/*" dev.patchbay.benchmarks.CompareEcho \
  --karaf-home "$here/../karaf-distribution/target/assembly" "$@"
