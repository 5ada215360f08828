#!/bin/sh
# Builds and runs the winner-determination benchmark harness
# (benchmarks/harness), with the Clp engine when pkg-config finds Clp.
# Every argument goes to the harness (relative paths are relative to the
# current directory); see benchmarks/README.md or `benchmarks/run.sh --help`.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tags=
if pkg-config --exists clp 2>/dev/null; then
	tags=clp
fi
mkdir -p "$root/benchmarks/out"
(cd "$root" && go build -tags "$tags" -o benchmarks/out/harness ./benchmarks/harness)
exec "$root/benchmarks/out/harness" "$@"
