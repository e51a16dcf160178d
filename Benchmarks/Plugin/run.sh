#!/usr/bin/env bash
# How long a first `swift package … <verb>` takes in a new package, ours next to
# swift-openapi-generator's command plugin, each in a fresh package with a clean .build
# (dependency resolution and the generator's build included), on the same machine in one run.
#   Benchmarks/Plugin/run.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
identity=$(basename "$repo")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() { python3 -c 'import time; print(time.time())'; }

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
