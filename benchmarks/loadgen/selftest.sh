#!/usr/bin/env bash
# Checks that patchbay-load counts what it must: runs it against faulty_echo.py (a Python line
# echo server that misbehaves once per connection) in each mode and compares its JSON counters.
# Light (a few seconds, no JVM); needs python3 and a C compiler. Exit 0 when every check passed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
load=$("$here/build.sh")
port=${SELFTEST_PORT:-27999}
out=$(mktemp -d)
server=""
trap '[ -z "$server" ] || kill "$server" 2>/dev/null; rm -rf "$out"' EXIT
failures=0

field() { sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p" "$out/r.json"; }

# check MODE EXPECTED-EXIT 'FIELD OP VALUE' ...
check() {
  local mode=$1 want_rc=$2
  shift 2
  python3 "$here/faulty_echo.py" "$port" "$mode" > "$out/server.txt" 2>&1 &
  server=$!
  for _ in $(seq 1 50); do grep -q ready "$out/server.txt" 2>/dev/null && break; sleep 0.1; done
  set +e
  "$load" --port "$port" --connections 2 --inflight 4 --size 8 --warmup 0.2 --duration 0.8 --threads 2 \
    --json "$out/r.json" > /dev/null
  local rc=$?
  set -e
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
  local ok=1
  [ "$rc" = "$want_rc" ] || ok=0
  for c in "$@"; do
    read -r name op value <<< "$c"
    local got
    got=$(field "$name")
    [ -n "$got" ] && [ "$got" "$op" "$value" ] || ok=0
  done
  if [ "$ok" = 1 ]; then
    echo "ok   $mode"
  else
    echo "FAIL $mode: exit $rc (wanted $want_rc), $(tr -d '\n' < "$out/r.json" | sed 's/  */ /g')"
    failures=$((failures + 1))
  fi
}

check ok 0 'errors -eq 0' 'messages -gt 1000'
check corrupt 1 'mismatched -eq 2' 'unexpected -eq 0' 'disconnects -eq 0'
check extra 1 'errors -ge 2'   # unexpected, or mismatched when a line was outstanding
check drop 1 'mismatched -gt 2' 'messages -eq 0'
check close 1 'disconnects -eq 2' 'mismatched -eq 0'
[ "$failures" = 0 ] && echo "patchbay-load selftest: all passed" || { echo "patchbay-load selftest: $failures failed"; exit 1; }
