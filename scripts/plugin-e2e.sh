#!/usr/bin/env bash
# The plugins as a user runs them: a fresh package that depends on this one by path.
# - Command plugin, zero configuration: a schema in target App's folder. Runs
#   `swift package --allow-writing-to-package-directory generate-events --target App`, checks the
#   files it writes, builds and runs them (a server frame decoded by the generated client
#   decoder), loads the JavaScript module in Node, and checks that --check passes, then fails
#   after an edit, and that an unknown target is an error; --check-breaking HEAD passes an
#   unchanged schema and fails on a changed wire name.
# - Build-tool plugin: target Live generates its Swift at build time from its own schema.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
identity=$(basename "$repo")   # a path dependency's identity is its folder's name
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
consumer="$work/Consumer"
mkdir -p "$consumer/Sources/App" "$consumer/Sources/Live" "$consumer/Sources/Strict"
cp "$repo/Schemas/chat.events.yaml" "$consumer/Sources/App/"
cp "$repo/Schemas/progress.events.yaml" "$consumer/Sources/Live/"
cp "$repo/Tests/Fixtures/schemas/golden/scalars.events.yaml" "$consumer/Sources/Strict/"
cat >"$consumer/Package.swift" <<SWIFT
// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Consumer",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "$repo")],
    targets: [
        .executableTarget(
            name: "App",
            dependencies: [.product(name: "ServerSentEvents", package: "$identity")],
            exclude: ["chat.events.yaml"]
        ),
        // The strict settings many packages use: generated code must build beside plain imports.
        .executableTarget(
            name: "Strict",
            dependencies: [.product(name: "ServerSentEvents", package: "$identity")],
            exclude: ["scalars.events.yaml"],
            swiftSettings: [
                .enableUpcomingFeature("InternalImportsByDefault"), .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("ExistentialAny"),
            ]
        ),
        .executableTarget(
            name: "Live",
            dependencies: [.product(name: "ServerSentEvents", package: "$identity")],
            plugins: [.plugin(name: "GenerateEventsBuildPlugin", package: "$identity")]
        ),
    ]
)
SWIFT
cat >"$consumer/Sources/App/main.swift" <<'SWIFT'
import Foundation  // a user's plain import, beside generated code in the same target
import ServerSentEvents

_ = Date()

let frame = try ServerSentEventEncoder().encode(
    ChatRoomEmitter.serverSentEvent(for: .notice("hello from the plugin"), id: "1"))
let chunks = AsyncStream<[UInt8]> { continuation in
    continuation.yield(frame)
    continuation.finish()
}
for try await event in ChatRoomDecoder().events(fromBytes: chunks) {
    if case .notice(let text) = event { print("decoded notice: \(text)") }
}
SWIFT
cat >"$consumer/Sources/Strict/main.swift" <<'SWIFT'
import Foundation
import ServerSentEvents

let started = Date(timeIntervalSince1970: 0)
let frame = try ServerSentEventEncoder().encode(ScalarsFeedEmitter.serverSentEvent(for: .startedAt(started)))
let chunks = AsyncStream<[UInt8]> { continuation in
    continuation.yield(frame)
    continuation.finish()
}
for try await event in ScalarsFeedDecoder().events(fromBytes: chunks) {
    if case .startedAt(let date) = event { print("decoded date: \(date == started)") }
}
SWIFT
cat >"$consumer/Sources/Live/main.swift" <<'SWIFT'
import ServerSentEvents

let frame = try ServerSentEventEncoder().encode(ProgressJobEmitter.serverSentEvent(for: .log("built at build time")))
let chunks = AsyncStream<[UInt8]> { continuation in
    continuation.yield(frame)
    continuation.finish()
}
for try await event in ProgressJobDecoder().events(fromBytes: chunks) {
    if case .log(let text) = event { print("decoded log: \(text)") }
}
SWIFT

fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
cd "$consumer"
start=$(date +%s)
# First contact: a schema in a folder that has no Swift file yet, so SwiftPM has no target for it.
mkdir -p Sources/Server
cp "$repo/Schemas/chat.events.yaml" Sources/Server/
mv Sources/Strict/main.swift "$work/strict-main.swift"
if swift package --allow-writing-to-package-directory generate-events --target Strict </dev/null >"$work/first.log" 2>&1; then
  fail "a run without any schema in its target passed"
fi
# The summary comes first, then the problem it sums up, naming the folder and what to add.
grep -A1 "error: generate-events found problems; nothing was written:" "$work/first.log" \
  | grep -q "Sources/Strict/scalars.events.yaml:1:1: error: this schema is in Sources/Strict, which is not a Swift target yet" \
  || { cat "$work/first.log"; fail "no message naming the folder without a Swift file"; }
grep -q "add a Swift file, e.g. Sources/Strict/main.swift" "$work/first.log" || { cat "$work/first.log"; fail "no advice"; }
grep -q "targets ;" "$work/first.log" && fail "an empty target list in the message"
mv "$work/strict-main.swift" Sources/Strict/main.swift
rm -r Sources/Server
echo "ok command plugin: a schema in a folder that is not a target yet is named, with what to add"

swift package --allow-writing-to-package-directory generate-events --target App --target Strict </dev/null >"$work/plugin.log" 2>&1 \
  || { cat "$work/plugin.log"; fail "the plugin failed"; }
echo "first two swift package generate-events: $(( $(date +%s) - start )) s (resolve and tool build included)"
for file in Sources/App/Generated/Chat.Events.swift Sources/App/Generated/Chat.Server.swift \
  Sources/App/Generated/Chat.Client.swift public/events/chat.events.mjs public/events/chat.events.d.ts \
  public/events/chat.events.d.mts; do
  [ -f "$file" ] || { cat "$work/plugin.log"; fail "no $file"; }
done
grep -q "Generated by generate-events from Sources/App/chat.events.yaml" Sources/App/Generated/Chat.Events.swift \
  || fail "the banner does not name the schema relative to the package"
swift build -Xswiftc -warnings-as-errors >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; fail "the generated Swift does not build"; }
[ "$(swift run -Xswiftc -warnings-as-errors App 2>/dev/null)" = "decoded notice: hello from the plugin" ] || fail "the app did not decode its event"
[ "$(swift run -Xswiftc -warnings-as-errors Strict 2>/dev/null)" = "decoded date: true" ] \
  || fail "the strict target (InternalImportsByDefault, a date payload) did not decode its event"
[ "$(swift run -Xswiftc -warnings-as-errors Live 2>/dev/null)" = "decoded log: built at build time" ] \
  || fail "the build-tool plugin's target did not decode its event"
[ ! -d Sources/Live/Generated ] || fail "the build-tool plugin's target got committed files"
node -e 'import("./public/events/chat.events.mjs").then((m) => { if (typeof m.connectRoom !== "function") process.exit(1) })' \
  || fail "the JavaScript module does not load"
swift package --allow-writing-to-package-directory generate-events --target App --check </dev/null >"$work/check.log" 2>&1 \
  || { cat "$work/check.log"; fail "--check failed on fresh files"; }
echo "// edited" >>Sources/App/Generated/Chat.Server.swift
if swift package --allow-writing-to-package-directory generate-events --target App --check </dev/null >"$work/check.log" 2>&1; then
  fail "--check passed after an edit"
fi
grep -q "Sources/App/Generated/Chat.Server.swift is out of date" "$work/check.log" || { cat "$work/check.log"; fail "--check did not name the file"; }
swift package --allow-writing-to-package-directory generate-events --target Nope </dev/null >"$work/nope.log" 2>&1 && fail "an unknown target passed"
grep -q "no Swift target named 'Nope'" "$work/nope.log" || { cat "$work/nope.log"; fail "no message for an unknown target"; }
# --check-breaking: the schemas against their committed versions, as a CI job runs it.
git init -q . && git add Sources Package.swift && git -c user.name=ci -c user.email=ci@example.invalid -c commit.gpgsign=false commit -q -m schemas
swift package --allow-writing-to-package-directory generate-events --target App --check-breaking HEAD </dev/null >"$work/breaking.log" 2>&1 \
  || { cat "$work/breaking.log"; fail "--check-breaking failed on an unchanged schema"; }
sed -i.bak 's/wireName: user.joined/wireName: user.join/' Sources/App/chat.events.yaml && rm Sources/App/chat.events.yaml.bak
if swift package --allow-writing-to-package-directory generate-events --target App --check-breaking HEAD </dev/null >"$work/breaking.log" 2>&1; then
  fail "--check-breaking passed a changed wire name"
fi
grep -q "Sources/App/chat.events.yaml:[0-9]*:[0-9]*: error: wire break: event 'userJoined' changed its wire name" "$work/breaking.log" \
  || { cat "$work/breaking.log"; fail "--check-breaking did not name the wire break"; }
git checkout -q Sources/App/chat.events.yaml
echo "ok command plugin: --check-breaking HEAD passes an unchanged schema and names a wire break"

# A consumer of the runtime, the generated code and the plugin resolves the generator's packages
# and no server stack: those are behind traits it did not enable.
resolved=$(find .build/checkouts -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | paste -sd' ')
[ "$resolved" = "Yams swift-argument-parser swift-metrics swift-mustache" ] \
  || fail "a runtime-only consumer resolved more than the generator's packages: $resolved"
echo "ok resolution: a runtime-only consumer resolves $resolved, nothing else"

# An adapter used without its trait: the compiler says which trait to enable.
notrait="$work/NoTrait"
mkdir -p "$notrait/Sources/App"
cat >"$notrait/Package.swift" <<SWIFT
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "NoTrait",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "$repo")],
    targets: [.executableTarget(name: "App", dependencies: [.product(name: "ServerSentEventsHummingbird", package: "$identity")])]
)
SWIFT
printf 'import ServerSentEventsHummingbird\nlet routes: EventStreamRoutes? = nil\nprint(routes as Any)\n' >"$notrait/Sources/App/main.swift"
(cd "$notrait" && swift build >"$work/notrait.log" 2>&1) && fail "an adapter built without its trait"
grep -q "ServerSentEventsHummingbird needs the package trait \"Hummingbird\": add traits: \[\"Hummingbird\"\]" "$work/notrait.log" \
  || { tail -20 "$work/notrait.log"; fail "no message naming the trait to enable"; }
[ ! -d "$notrait/.build/checkouts/hummingbird" ] || fail "Hummingbird was resolved without its trait"
echo "ok traits: an adapter without its trait resolves nothing more, and the error names the trait"

echo "ok command plugin: zero configuration, files written, built beside a plain import Foundation (and with InternalImportsByDefault) and run, module loads, --check, unknown target"
echo "ok build-tool plugin: Swift generated at build time, built and run"
echo "6 passed, 0 failed"
