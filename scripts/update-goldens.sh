#!/usr/bin/env bash
# Re-records the generated-code and export goldens from the schemas, after a change to the generator.
# Read the diff before committing it: the goldens are the generator's specification.
# Tests/GeneratedSwiftTests compiles and runs the Swift ones, Tests/JavaScript imports and
# type-checks the JavaScript ones, and a test fails when any differs from what the generator
# produces. The example's generated files (Examples/ChatRoom) are re-recorded too.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product generate-events --enable-all-traits -Xswiftc -warnings-as-errors >/dev/null  # the flags the tests build with: no rebuild
generate=.build/debug/generate-events
out=Tests/GeneratedSwiftTests/Generated
# The golden set: every schema of Schemas/ and Tests/Fixtures/schemas/golden/ (GoldenTests reads the same folders).
for schema in Schemas/*.events.yaml Tests/Fixtures/schemas/golden/*.events.yaml; do
  "$generate" generate "$schema" --swift server,client --output "$out"
  "$generate" generate "$schema" --js --output Tests/JavaScript/Generated
done
# Exports of the same schemas in every format (ExportGoldenTests compares them; CI validates
# them with independent tools: Tests/Exports/check_exports.py).
exports=Tests/Exports/Goldens
rm -f "$exports"/*
for schema in Schemas/*.events.yaml Tests/Fixtures/schemas/golden/*.events.yaml; do
  base=$(basename "$schema" .events.yaml)
  "$generate" export "$schema" --format openapi --output "$exports/$base.openapi.json"
  "$generate" export "$schema" --format asyncapi --output "$exports/$base.asyncapi.json"
  "$generate" export "$schema" --format json-schema --output "$exports/$base.schema.json"
  "$generate" export "$schema" --format markdown --output "$exports/$base.md"
done
# The packages beside the root compile copies (they cannot reach Tests/): the end-to-end server
# the chat emitter, the typed benchmark the market types. GoldenTests checks them too.
cp "$out"/Chat.{Events,Server}.swift IntegrationTests/Sources/EndToEndServer/Generated/
cp "$out"/Market.{Events,Server,Client}.swift Benchmarks/Sources/TypedBenchmark/Generated/
# The example's generated files, as its command plugin writes them (scripts/example-smoke.sh
# checks them with the plugin's --check).
(cd Examples/ChatRoom && "../../$generate" package --package-directory "$PWD" \
  --package-target chat-server=Sources/ChatServer --package-target chat-follow=Sources/ChatFollow)
