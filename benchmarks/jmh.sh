#!/bin/sh
# JMH microbenchmarks of the per-message codec path, with the GC profiler (bytes allocated
# per operation: gc.alloc.rate.norm). Extra arguments go to JMH, e.g. 'CodecBenchmark.line'.
# Usage: benchmarks/jmh.sh [JMH options/regex]   (default: all, -prof gc, forks=1)
# Needs: mvn install -DskipTests (this module).
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/built-jar.sh"
mkdir -p "$here/target/results"
out="$here/target/results/jmh-$(date +%Y%m%d-%H%M%S).json"
java -cp "$jar:$here/target/lib/*" org.openjdk.jmh.Main -prof gc -rf json -rff "$out" "$@"
echo "JSON: $out"
