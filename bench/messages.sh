#!/usr/bin/env bash
# Case-message benchmark (issue 5): one user's visible messages of a case, and search across
# the user's cases, at 10,000 and 100,000 messages; the aim is a ratio of at most 2x (indexes,
# no scans). Called by `make bench` with CVD_BENCH_BIN=<dir of bench binaries>.
set -euo pipefail
bin=${CVD_BENCH_BIN:?set CVD_BENCH_BIN to the directory holding bench-messages}
if [ ! -x "$bin/bench-messages" ]; then
    echo "bench/messages.sh: $bin/bench-messages not found" >&2
    exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin/bench-messages" "$dir"
