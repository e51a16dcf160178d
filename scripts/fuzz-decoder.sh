#!/usr/bin/env bash
# libFuzzer on the decoder for a fixed budget: scripts/fuzz-decoder.sh [seconds=60]
# Builds Tests/Fuzz/DecoderFuzz.swift with the runtime's framing sources (swiftc
# -sanitize=fuzzer,address), seeds it with the wire fixtures, and runs it. A crash, a trap or a
# broken invariant (chunking changes the outcome, an event does not survive encoding) fails it
# and leaves the input in .build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-60}
out=.build/fuzz
rm -rf "$out/corpus" && mkdir -p "$out/corpus"
cp Tests/Fixtures/wire/*.sse "$out/corpus/"
runtime=Sources/ServerSentEvents
swiftc -sanitize=fuzzer,address -parse-as-library -swift-version 6 -module-name ServerSentEvents \
  "$runtime/ServerSentEvent.swift" "$runtime/LastEventID.swift" "$runtime"/Decoding/*.swift \
  "$runtime"/Encoding/*.swift "$runtime"/Support/*.swift Tests/Fuzz/DecoderFuzz.swift \
  -o "$out/fuzz-decoder" 2>"$out/build.log" || { grep -v 'ld.gold: warning' "$out/build.log"; exit 1; }
cd "$out"
./fuzz-decoder -max_total_time="$budget" -max_len=4096 -print_final_stats=1 corpus >run.log 2>&1 \
  || { tail -40 run.log; echo "fuzz: the decoder failed on the input above (saved in .build/fuzz)"; exit 1; }
echo "fuzz: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' run.log), no crash, every invariant held"
