#!/usr/bin/env bash
# Fails when a C++ source differs from what clang-format (.clang-format at the top) makes of
# it, naming the files; `make format` rewrites them. clang-format comes with `make deps`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null; then
  echo "check_format: clang-format is not installed (make deps installs it)" >&2
  exit 1
fi
mapfile -t files < <(find src tests bench -name '*.cpp' -o -name '*.h' | sort)
unformatted=()
for file in "${files[@]}"; do
  if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then unformatted+=("$file"); fi
done
if [ ${#unformatted[@]} -ne 0 ]; then
  echo "check_format: ${#unformatted[@]} of ${#files[@]} files need 'make format':" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  exit 1
fi
echo "check_format: ${#files[@]} files formatted"
