#!/bin/sh
# Fails when a tracked C++ file is not clang-format clean (`make format` fixes the tree).
set -eu
cd "$(dirname "$0")/../.."
CF=${CLANG_FORMAT:-$(command -v clang-format || command -v clang-format-14)}
files=$(git ls-files '*.h' '*.cpp')
if ! out=$(echo "$files" | xargs "$CF" --dry-run --Werror 2>&1); then
    echo "$out" | grep 'error:' | cut -d: -f1 | sort -u | sed 's/^/not clang-format clean: /'
    echo "Run 'make format' and commit."
    exit 1
fi
echo "format: $(echo "$files" | wc -l) files clean"
