#!/usr/bin/env bash
# Takes the README's screenshots of every first-run wizard page in one language: builds
# onboarding_shots and walks the wizard offscreen (new account, connect, sandbox), writing
# resources/screenshots/onboarding-<page>.png. Re-run after translating.
#   tests/tools/onboarding_screenshots.sh [LANG] [BUILD_DIR]     (defaults: zh_CN, ./build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lang=${1:-zh_CN}
build=${2:-$root/build}
cmake --build "$build" -j2 --target onboarding_shots
QT_QPA_PLATFORM=offscreen "$build/tests/tools/onboarding_shots" --lang "$lang" \
    --out "$root/resources/screenshots"
