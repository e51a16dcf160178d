#!/usr/bin/env bash
# What a new package pays for depending on swift-typed-events, measured on this machine in one run:
#   1. the packages it resolves, for the runtime alone (with the generated code and the plugin),
#      with the Hummingbird trait (the README's server path), and with every trait;
#   2. how long a first `swift package … <verb>` takes, ours next to swift-openapi-generator's
#      command plugin, each in a fresh package with a clean .build (dependency resolution and the
#      generator's build included).
#   Benchmarks/Plugin/run.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
identity=$(basename "$repo")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() { python3 -c 'import time; print(time.time())'; }

consumer() {  # folder, traits (a Swift array literal), products...
  local folder=$1 traits=$2
  shift 2
  local products=""
  for product in "$@"; do products+=".product(name: \"$product\", package: \"$identity\"), "; done
  mkdir -p "$folder/Sources/App"
  echo 'print("app")' >"$folder/Sources/App/main.swift"
  cat >"$folder/Package.swift" <<SWIFT
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "Consumer",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "$repo", traits: $traits)],
    targets: [.executableTarget(name: "App", dependencies: [$products])]
)
SWIFT
}
resolve() {  # label, traits, products...
  local label=$1 folder
  folder="$work/resolve-$RANDOM"
  shift
  consumer "$folder" "$@"
  local start end
  start=$(seconds)
  (cd "$folder" && swift package resolve >"$folder.log" 2>&1) || { tail -20 "$folder.log"; echo "$label: resolve failed"; exit 1; }
  end=$(seconds)
  # swift-typed-events itself is a path dependency: every checkout is a package resolved for it.
  local count
  count=$(find "$folder/.build/checkouts" -mindepth 1 -maxdepth 1 -type d | wc -l)
  printf '%-60s %3d packages  %5.1f s\n' "$label" "$count" "$(python3 -c "print($end - $start)")"
}
echo "packages a new package resolves through swift-typed-events (swift package resolve)"
resolve "runtime (ServerSentEvents), generated code, plugin" '[]' ServerSentEvents
resolve "+ traits: [\"Hummingbird\"] (ServerSentEventsHummingbird)" '["Hummingbird"]' ServerSentEvents ServerSentEventsHummingbird
resolve "+ every trait (Hummingbird, AsyncHTTPClient, PostgreSQL)" '["Hummingbird", "AsyncHTTPClient", "PostgreSQL"]' \
  ServerSentEvents ServerSentEventsHummingbird ServerSentEventsClient ServerSentEventsPostgres
# The floor of the server path: Hummingbird alone, without swift-typed-events (in a folder not
# named hummingbird: a root package named like its dependency would shadow it).
mkdir -p "$work/floor/Sources/App"
echo 'print("app")' >"$work/floor/Sources/App/main.swift"
cat >"$work/floor/Package.swift" <<SWIFT
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "Floor",
    platforms: [.macOS(.v15)],
    dependencies: [.package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1")],
    targets: [.executableTarget(name: "App", dependencies: [.product(name: "Hummingbird", package: "hummingbird")])]
)
SWIFT
(cd "$work/floor" && swift package resolve >"$work/floor.log" 2>&1) || { tail -20 "$work/floor.log"; exit 1; }
printf '%-60s %3d packages\n' "Hummingbird alone, for comparison (its own graph)" \
  "$(find "$work/floor/.build/checkouts" -mindepth 1 -maxdepth 1 -type d | wc -l)"
echo

# Ours: one schema in the target's folder, zero configuration.
mkdir -p "$work/ours/Sources/App"
cp "$repo/Schemas/chat.events.yaml" "$work/ours/Sources/App/"
echo 'print("app")' >"$work/ours/Sources/App/main.swift"
cat >"$work/ours/Package.swift" <<SWIFT
// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "Ours",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "$repo")],
    targets: [.executableTarget(name: "App", dependencies: [.product(name: "ServerSentEvents", package: "$identity")], exclude: ["chat.events.yaml"])]
)
SWIFT

# The peer: swift-openapi-generator 1.14.3's command plugin on a small document.
mkdir -p "$work/openapi/Sources/App"
echo 'print("app")' >"$work/openapi/Sources/App/main.swift"
cat >"$work/openapi/Sources/App/openapi-generator-config.yaml" <<'YAML'
generate: [types, client]
YAML
cat >"$work/openapi/Sources/App/openapi.yaml" <<'YAML'
openapi: "3.1.0"
info: { title: Chat, version: "1.0.0" }
paths:
  /rooms/{roomID}/messages:
    get:
      operationId: listMessages
      parameters:
        - { name: roomID, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: The messages.
          content:
            application/json:
              schema: { type: array, items: { $ref: "#/components/schemas/Message" } }
components:
  schemas:
    Message:
      type: object
      properties: { id: { type: string }, text: { type: string } }
      required: [id, text]
YAML
cat >"$work/openapi/Package.swift" <<'SWIFT'
// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "Peer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
    ],
    targets: [.executableTarget(name: "App", dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")])]
)
SWIFT

run() {  # name, folder, verb arguments...
  local name=$1 folder=$2
  shift 2
  local start end
  start=$(seconds)
  (cd "$folder" && swift package --allow-writing-to-package-directory "$@" </dev/null >"$work/$name.log" 2>&1) \
    || { tail -20 "$work/$name.log"; echo "$name failed"; exit 1; }
  end=$(seconds)
  python3 -c "print(f'{\"$name\":<44} first run {$end - $start:6.1f} s')"
}
echo "first command-plugin run in a new package (resolve + generator build + generation), 2 cores"
run "ours: generate-events" "$work/ours" generate-events
run "swift-openapi-generator: generate-code-from-openapi" "$work/openapi" generate-code-from-openapi --target App
