#!/usr/bin/env bash
# Store benchmark: durable report submissions per second (report insert + audit event, each
# acknowledged only once on disk) with 1 to 64 concurrent writers through group commit, next
# to the disk's own fsync rate and to one transaction per write; then reads by id. Called by
# `make bench` with CVD_BENCH_BIN=<dir of bench binaries>. The database lives in
# CVD_BENCH_STORE_DIR (default: a temporary folder under the build tree's disk, $TMPDIR).
set -euo pipefail

bin=${CVD_BENCH_BIN:?set CVD_BENCH_BIN to the directory holding bench-store}
seconds=${CVD_BENCH_SECONDS:-3}
if [ ! -x "$bin/bench-store" ]; then
    echo "bench/store.sh: $bin/bench-store not found (configure with CVD_BENCH=ON)" >&2
    exit 1
fi
dir=${CVD_BENCH_STORE_DIR:-}
if [ -z "$dir" ]; then
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
fi
"$bin/bench-store" -s "$seconds" "$dir"
