// swift-tools-version: 6.1
import Foundation
import PackageDescription

// A chat room as a user of swift-typed-events builds it: one schema (Schemas/chat.events.yaml),
// a Hummingbird server that streams it through the generated emitter and the hub, a page that
// uses the generated JavaScript module, and a command-line follower that uses the generated
// decoder over the reconnecting client. Regenerate with
// `swift package --allow-writing-to-package-directory generate-events` (see generate-events.yaml).
// In your own package: `.package(url: "https://github.com/…/swift-typed-events.git", from: "0.1.0",
// traits: ["Hummingbird", "AsyncHTTPClient", "PostgreSQL"])` (the server stacks you use; the
// runtime needs none) and `package: "swift-typed-events"`. Here the dependency is this
// repository by path, whose identity is its folder's name, whatever the clone is called.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../..").standardized.lastPathComponent

let package = Package(
    name: "ChatRoom",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../..", traits: ["Hummingbird", "AsyncHTTPClient", "PostgreSQL"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "chat-server",
            dependencies: [
                .product(name: "ServerSentEvents", package: repository),
                .product(name: "ServerSentEventsHummingbird", package: repository),
                // With DATABASE_URL, the rooms live in PostgreSQL, shared by every instance.
                .product(name: "ServerSentEventsPostgres", package: repository),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/ChatServer",
            // The page and the generated module, found through Bundle.module from any working directory.
            resources: [.copy("Public")]
        ),
        .executableTarget(
            name: "chat-follow",
            dependencies: [
                .product(name: "ServerSentEvents", package: repository),
                .product(name: "ServerSentEventsClient", package: repository),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Sources/ChatFollow"
        ),
    ],
    swiftLanguageModes: [.v6]
)
