#!/usr/bin/env bash
# run.sh SECONDS java-args...: Atk under the heavy lock with probe.py alongside (server at /tmp/pb-attack)
d=$(dirname "$0"); secs=$1; shift
ulimit -n 20000
pid=$(cat /tmp/pb-attack/karaf.pid)
exec flock -o /tmp/patchbay-heavy.lock bash -c "python3 $d/probe.py $pid $((secs+8)) > /tmp/probe.out & java -Xmx512m $d/Atk.java dur=$secs $* ; wait; cat /tmp/probe.out"
