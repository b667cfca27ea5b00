#!/bin/sh
# JMH microbenchmarks of the per-message codec path, with the GC profiler (bytes allocated
# per operation: gc.alloc.rate.norm). Extra arguments go to JMH, e.g. 'CodecBenchmark.line'.
# Usage: benchmarks/jmh.sh [JMH options/regex]   (default: all, -prof gc, forks=1)
# Needs: mvn install -DskipTests (this module).
set -e
here=$(cd "$(dirname "$0")" && pwd)
jar=$(ls "$here"/target/patchbay-benchmarks-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1)
if [ -z "$jar" ] || [ ! -d "$here/target/lib" ]; then
  echo "benchmarks not built: run 'mvn install -DskipTests' in $(dirname "$here") first" >&2
  exit 2
fi
mkdir -p "$here/target/results"
out="$here/target/results/jmh-$(date +%Y%m%d-%H%M%S).json"
java -cp "$jar:$here/target/lib/*" org.openjdk.jmh.Main -prof gc -rf json -rff "$out" "$@"
echo "JSON: $out"
