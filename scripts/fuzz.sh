#!/usr/bin/env bash
# libFuzzer with AddressSanitizer for a fixed budget: scripts/fuzz.sh decoder|json [seconds=60]
#   decoder: Tests/Fuzz/DecoderFuzz.swift on the runtime's framing, seeded with the wire fixtures:
#            cutting the input anywhere gives the same outcome, every event survives encoding.
#   json:    Tests/Fuzz/JSONFuzz.swift on the JSON reader and writer of typed payloads, seeded
#            with the fixtures' JSON payloads: reading and skipping agree, what is read survives
#            writing, refusals point inside the text.
# A crash, a trap or a broken invariant fails it and leaves the input in .build/fuzz-<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh decoder|json [seconds]}
budget=${2:-60}
out=.build/fuzz-$target
rm -rf "$out/corpus" && mkdir -p "$out/corpus"
runtime=Sources/ServerSentEvents
# The runtime's standard-library-only sources: framing, and the JSON coding without its Foundation formats.
sources=("$runtime/ServerSentEvent.swift" "$runtime/LastEventID.swift" "$runtime"/Decoding/*.swift
  "$runtime/Encoding/ServerSentEventEncoder.swift" "$runtime"/Support/*.swift)
case "$target" in
  decoder)
    cp Tests/Fixtures/wire/*.sse "$out/corpus/"
    harness=Tests/Fuzz/DecoderFuzz.swift ;;
  json)
    sources+=("$runtime"/TypedPayloads/JSON/JSON{Reader,Reader+Strings,Reader+Numbers,Path,PayloadError,Writer,Matching}.swift)
    # Seeds: every JSON payload line of the golden fixtures' random events, and a few edge cases.
    grep -h '^data: [{[]' Tests/Fixtures/wire/*.sse 2>/dev/null | sed 's/^data: //' | split -l 1 - "$out/corpus/wire-" || true
    printf '%s' '{"a":[1,-0.5e3,true,null,"\u00e9\ud83d\ude00"],"b":{"c":"x\"y"}}' >"$out/corpus/edge-1"
    printf '%s' '[1e400, 9223372036854775808, 01, "\ud800"]' >"$out/corpus/edge-2"
    harness=Tests/Fuzz/JSONFuzz.swift ;;
  *) echo "fuzz: no target '$target' (decoder, json)"; exit 2 ;;
esac
swiftc -sanitize=fuzzer,address -parse-as-library -swift-version 6 -module-name ServerSentEvents \
  "${sources[@]}" "$harness" -o "$out/fuzz" 2>"$out/build.log" || { grep -v 'ld.gold: warning' "$out/build.log"; exit 1; }
cd "$out"
./fuzz -max_total_time="$budget" -max_len=4096 -print_final_stats=1 corpus >run.log 2>&1 \
  || { tail -40 run.log; echo "fuzz $target: failed on the input above (saved in $out)"; exit 1; }
echo "fuzz $target: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' run.log), no crash, every invariant held"
