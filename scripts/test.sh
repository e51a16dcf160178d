#!/usr/bin/env bash
# Runs every check of the project, as CI does (.ci/run calls exactly this):
#   0. a private PostgreSQL cluster on loopback (scripts/postgres.sh), stopped at the end;
#   1. the Swift test suites (Swift Testing), warnings as errors, the PostgreSQL log's among them;
#   2. the generated JavaScript: node --test (node:test only; a live e2e-server included), tsc
#      --strict on the declarations, and a real-browser end-to-end test (headless Chromium);
#      the plugins run on a fresh package (scripts/plugin-e2e.sh), and Examples/ChatRoom run with the
#      README's commands from the root, its page in headless Chromium (scripts/example-smoke.sh);
#   3. the decoder under libFuzzer for 60 s and the JSON reader of typed payloads for 30 s
#      (scripts/fuzz.sh); Schemas/event-schema.json
#      against an independent JSON Schema validator (Python); the export goldens against
#      openapi-spec-validator and AsyncAPI's published JSON Schema (scripts/check-exports.sh), and
#      fed to swift-openapi-generator, whose client for the chat export must compile;
#   4. interoperability with httpx-sse, sseclient-py, Node's EventSource and sse-starlette; then
#      the example as three instances on PostgreSQL (Tests/Durable/cluster_check.py), and the
#      example probed as an attacker would (Tests/Abuse/abuse_check.py);
#   5. the benchmark package: builds warning-free and runs a small smoke pass;
#   6. the DocC catalogs, warnings as errors; swift format lint --strict.
# Each runner's summary line is printed; the script stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

log_dir=$(mktemp -d)
source scripts/postgres.sh
trap 'postgres_stop; rm -rf "$log_dir"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "PostgreSQL: a private cluster on loopback, for the log's tests"
postgres_start || { echo "cannot start PostgreSQL"; exit 1; }
echo "PostgreSQL at $DATABASE_URL"

step "Swift tests (warnings are errors)"
if ! swift test --enable-all-traits -Xswiftc -warnings-as-errors >"$log_dir/swift-test.log" 2>&1; then
  grep -E '✘|error:|warning:|Fatal|failed' "$log_dir/swift-test.log" | head -60 || true
  tail -5 "$log_dir/swift-test.log"
  echo "swift test failed"
  exit 1
fi
grep -E '^(✔|✘) Test run with' "$log_dir/swift-test.log"
# The PostgreSQL suite skips itself without DATABASE_URL: here it must have run.
grep -q 'Suite "PostgreSQL log" passed' "$log_dir/swift-test.log" || { echo "the PostgreSQL suite did not run"; exit 1; }

step "JavaScript: node --test, and tsc --strict on the declarations"
if ! command -v tsc >/dev/null; then
  (apt-get install -y node-typescript || (apt-get update && apt-get install -y node-typescript)) >"$log_dir/apt.log" 2>&1 \
    || { tail -20 "$log_dir/apt.log"; echo "cannot install tsc (node-typescript)"; exit 1; }
fi
swift build --package-path IntegrationTests --product e2e-server -Xswiftc -warnings-as-errors >"$log_dir/e2e-build.log" 2>&1 \
  || { tail -30 "$log_dir/e2e-build.log"; echo "e2e-server build failed"; exit 1; }
export E2E_SERVER
E2E_SERVER="$(swift build --package-path IntegrationTests --show-bin-path -Xswiftc -warnings-as-errors)/e2e-server"
if ! node --test Tests/JavaScript/*.test.mjs >"$log_dir/node-test.log" 2>&1; then
  grep -B2 -A20 '^not ok' "$log_dir/node-test.log" | head -80
  echo "node --test failed"
  exit 1
fi
grep -E '^# (tests|pass|fail) ' "$log_dir/node-test.log" | paste -sd' '

step "generate-events tail against e2e-server: a reconnection, a wrong event, an unknown one, the terminal event"
python3 Tests/Tail/tail_check.py "$(swift build --show-bin-path)/generate-events" "$E2E_SERVER" "$PWD" >"$log_dir/tail.log" 2>&1 \
  || { grep -v ' info Hummingbird' "$log_dir/tail.log" | tail -30; echo "tail check failed"; exit 1; }
grep -E '^(ok|FAIL) ' "$log_dir/tail.log"
tail -1 "$log_dir/tail.log"

step "Real browser: headless Chromium, the generated module, e2e-server"
scripts/browser-e2e.sh

step "The command plugin on a fresh package (swift package generate-events)"
scripts/plugin-e2e.sh

step "Examples/ChatRoom as a user runs it: the README's commands from the root, posting, odd room names, the page in a browser"
scripts/example-smoke.sh

step "The decoder under libFuzzer (a fixed budget of 60 s)"
scripts/fuzz.sh decoder 60

step "The JSON reader and writer of typed payloads under libFuzzer (a fixed budget of 30 s)"
scripts/fuzz.sh json 30

step "JSON Schema of the format, checked by python-jsonschema"
if ! python3 -c 'import jsonschema, yaml' 2>/dev/null; then
  python3 -m pip install --quiet jsonschema==4.26.0 pyyaml==6.0.3
fi
python3 Tests/JSONSchema/check_event_schema.py

step "Exports (OpenAPI 3.2, AsyncAPI 3.0, JSON Schema) checked by independent validators and swift-openapi-generator"
scripts/check-exports.sh >"$log_dir/exports.log" 2>&1 || { grep -v '^ok ' "$log_dir/exports.log" | tail -30; echo "export check failed"; exit 1; }
tail -1 "$log_dir/exports.log"
scripts/check-openapi-generator.sh >"$log_dir/openapi-generator.log" 2>&1 || { tail -40 "$log_dir/openapi-generator.log"; echo "swift-openapi-generator check failed"; exit 1; }
tail -1 "$log_dir/openapi-generator.log"

step "Interoperability with independent clients and servers (processes on loopback)"
scripts/interop.sh >"$log_dir/interop.log" 2>&1 || { grep -v '^warning\|^    /' "$log_dir/interop.log" | tail -30; echo "interop failed"; exit 1; }
grep -E '^(ok|FAIL) ' "$log_dir/interop.log"
tail -1 "$log_dir/interop.log"

step "The example on PostgreSQL: three instances, a follower hopping between them, SIGKILL, PostgreSQL restarted"
chat_bin="$(swift build --package-path Examples/ChatRoom --show-bin-path)"
.build/interop-venv/bin/python Tests/Durable/cluster_check.py "$chat_bin/chat-server" >"$log_dir/cluster.log" 2>&1 \
  || { cat "$log_dir/cluster.log"; echo "cluster check failed"; exit 1; }
grep -E '^(ok|FAIL) ' "$log_dir/cluster.log"
tail -1 "$log_dir/cluster.log"

step "The example probed as an attacker would: floods, a reader that never reads, slowloris, descriptors"
python3 Tests/Abuse/abuse_check.py "$chat_bin/chat-server" >"$log_dir/abuse.log" 2>&1 \
  || { cat "$log_dir/abuse.log"; echo "abuse check failed"; exit 1; }
grep -E '^(ok|FAIL) ' "$log_dir/abuse.log"
tail -1 "$log_dir/abuse.log"

step "Benchmarks package builds warning-free and runs"
swift build --package-path Benchmarks -Xswiftc -warnings-as-errors >"$log_dir/bench-build.log" 2>&1 \
  || { tail -40 "$log_dir/bench-build.log"; echo "benchmark build failed"; exit 1; }
Benchmarks/.build/debug/FramingBenchmark 1 --ours-only >"$log_dir/bench.log" 2>&1 \
  || { tail -40 "$log_dir/bench.log"; echo "benchmark smoke run failed"; exit 1; }
grep -q '^memory: .* flat$' "$log_dir/bench.log" || { cat "$log_dir/bench.log"; echo "benchmark memory not flat"; exit 1; }
Benchmarks/.build/debug/SchemaBenchmark 100 >"$log_dir/schema-bench.log" 2>&1 \
  || { cat "$log_dir/schema-bench.log"; echo "schema benchmark smoke run failed"; exit 1; }
Benchmarks/.build/debug/TypedBenchmark 200 >"$log_dir/typed-bench.log" 2>&1 \
  || { cat "$log_dir/typed-bench.log"; echo "typed benchmark smoke run failed"; exit 1; }
echo "benchmark smoke runs: ok"

step "DocC: the catalogs of the runtime and the adapters build without a warning"
if ! swift package --enable-all-traits generate-documentation --warnings-as-errors \
  --target ServerSentEvents --target ServerSentEventsHummingbird --target ServerSentEventsClient \
  --target ServerSentEventsPostgres >"$log_dir/docc.log" 2>&1; then
  grep -E -A6 '^(error|warning): ' "$log_dir/docc.log" | grep -v 'swift-distributed-tracing' | head -60
  echo "documentation failed"
  exit 1
fi
grep -c '^Finished building documentation' "$log_dir/docc.log" | sed 's/$/ catalogs built, no warnings/'

step "swift format lint --strict"
scripts/format.sh --lint
echo "format: clean"
