#!/usr/bin/env bash
# Feeds the OpenAPI exports to swift-openapi-generator 1.14.3, which has preliminary OpenAPI 3.2
# support: it must accept every export (exit 0, no error), and the types and client it
# generates from the chat export must compile (Tests/Exports/OpenAPIGenerator). It reads the
# payload types from components/schemas and each stream's response as a raw text/event-stream
# body: it does not read itemSchema. Its generated code has warnings of its own, so this build
# does not make warnings errors. Prints one line per export and a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
package=Tests/Exports/OpenAPIGenerator
swift build --package-path "$package" >"$package/.build-log" 2>&1 \
  || { tail -40 "$package/.build-log"; echo "the generated chat client does not compile"; exit 1; }
rm -f "$package/.build-log"
generator="$(swift build --package-path "$package" --show-bin-path)/swift-openapi-generator"
[ -x "$generator" ] || swift build --package-path "$package" --product swift-openapi-generator >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count=0
for document in Tests/Exports/Goldens/*.openapi.json; do
  name=$(basename "$document")
  if "$generator" generate "$document" --mode types --mode client --output-directory "$out/$name" >"$out/$name.log" 2>&1 \
    && ! grep -q '^error' "$out/$name.log"; then
    echo "ok $name: accepted ($(grep -o 'warning:' "$out/$name.log" | wc -l) warnings)"
  else
    cat "$out/$name.log"; echo "FAIL $name"; exit 1
  fi
  count=$((count + 1))
done
echo "swift-openapi-generator: $count exports accepted, the chat client compiles"
