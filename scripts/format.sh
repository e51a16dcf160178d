#!/usr/bin/env bash
# Formats the Swift sources in place, then lints them strictly (what scripts/test.sh checks).
#   scripts/format.sh          format, then lint
#   scripts/format.sh --lint   lint only: exit 1 on any finding
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Sources IntegrationTests/Package.swift IntegrationTests/Sources Plugins Examples/ChatRoom/Package.swift Examples/ChatRoom/Sources)
if [ "${1:-}" != "--lint" ]; then
  swift format format --parallel --in-place --recursive "${paths[@]}"
fi
swift format lint --strict --parallel --recursive "${paths[@]}"
