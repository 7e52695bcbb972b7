#!/usr/bin/env bash
# JSON reader benchmark: cvd vs jansson on the largest SBOMs and on the unpacked OSV corpus of
# the shared test data. Called by `make bench` with CVD_BENCH_BIN=<dir of bench binaries>;
# builds nothing itself.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
data=${CVD_SHARED_TESTDATA:-$here/../../shared/testdata}
bin=${CVD_BENCH_BIN:?set CVD_BENCH_BIN to the directory holding bench-json}
iterations=${CVD_BENCH_ITERATIONS:-7}

if [ ! -d "$data" ]; then
    echo "bench/json.sh: shared test data not found at $data: skipped"
    exit 0
fi
if [ ! -x "$bin/bench-json" ]; then
    echo "bench/json.sh: $bin/bench-json not found (configure with CVD_BENCH=ON)" >&2
    exit 1
fi

# The four biggest SBOMs (2.7-4.2 MB each).
mapfile -t sboms < <(find "$data/sbom" -name '*.json' -printf '%s %p\n' | sort -rn | head -4 |
    cut -d' ' -f2-)
"$bin/bench-json" -n "$iterations" -l "largest SBOMs" "${sboms[@]}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$data"/osv/*.tar.gz; do
    tar -xzf "$f" -C "$tmp"
done
"$bin/bench-json" -n "$iterations" -l "OSV corpus (unpacked)" "$tmp"
