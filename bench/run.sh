#!/usr/bin/env bash
# Runs every benchmark built in BUILD_DIR/bench and prints its numbers.
set -euo pipefail
build_dir=${1:-build/release}
shopt -s nullglob
for bench in "$build_dir"/bench/*_bench; do
  echo "== $(basename "$bench")"
  "$bench" --benchmark_counters_tabular=true
done
# Which rule regexes cost the most scan time (rule authors: run it after adding patterns).
if [[ -x $build_dir/bench/pattern_cost ]]; then
  echo "== pattern_cost (top 15)"
  "$build_dir/bench/pattern_cost" config/rules 15
fi
