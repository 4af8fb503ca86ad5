#!/usr/bin/env bash
# Runs every benchmark built in BUILD_DIR/bench and prints its numbers.
set -euo pipefail
build_dir=${1:-build/release}
shopt -s nullglob
for bench in "$build_dir"/bench/*_bench; do
  echo "== $(basename "$bench")"
  "$bench" --benchmark_counters_tabular=true
done
