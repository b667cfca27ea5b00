#!/bin/sh
# Compare Patchbay's echo endpoints (bare, and with the rate-limit filter) with raw MINA and
# Netty echo servers under the same load: every server pinned to CPU 0, a native epoll load
# generator pinned to CPU 1, rounds interleaved over the servers, medians. See README.md.
# Usage: benchmarks/run.sh [--connections 50] [--inflight 16] [--size 64] [--rounds 3] ...
#        benchmarks/run.sh --matrix perf      (4 scenarios x 4 targets x 3 rounds, about 9 minutes)
#        benchmarks/run.sh --generator java   (the Java generator EchoLoad instead)
# Needs: mvn install -DskipTests (builds the distribution and this module), a C compiler, taskset.
# The machine is shared: hold the heavy lock, e.g. flock /tmp/patchbay-heavy.lock benchmarks/run.sh
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/built-jar.sh"
native=""
case " $* " in
  *" --generator java "*) ;;
  *) native=$("$here/loadgen/build.sh") ;;
esac
# 1000 connections need 1000+ descriptors in the generator (the servers raise their own limits).
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec java -cp "$jar:$here/target/lib/*" dev.patchbay.benchmarks.CompareEcho \
  --karaf-home "$here/../karaf-distribution/target/assembly" ${native:+--native-generator "$native"} "$@"
