#!/bin/sh
# Builds the native load generator (patchbay-load.c) with the machine's C compiler into
# benchmarks/target/patchbay-load, when the binary is missing or older than a source file, and
# prints the binary's path. Used by run.sh and alloc.sh. CC overrides the compiler (cc).
set -e
here=$(cd "$(dirname "$0")" && pwd)
src="$here/patchbay-load.c"
target="$here/../target"
mkdir -p "$target"
target=$(cd "$target" && pwd)
out="$target/patchbay-load"
if [ ! -x "$out" ] || [ -n "$(find "$here" -name '*.[ch]' -newer "$out")" ]; then
  if ! command -v "${CC:-cc}" >/dev/null 2>&1; then
    echo "no C compiler '${CC:-cc}' to build $src (apt-get install gcc), or use --generator java" >&2
    exit 2
  fi
  "${CC:-cc}" -O2 -Wall -pthread -o "$out.tmp" "$src" >&2
  mv "$out.tmp" "$out"
fi
echo "$out"
