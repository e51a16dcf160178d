// swift-tools-version: 6.1
import Foundation
import PackageDescription

// What exercises swift-typed-events from outside, as its users and its peers do: the servers and
// clients of the interoperability tests (scripts/interop.sh), the end-to-end server of the Node
// and browser tests (scripts/browser-e2e.sh), and the drivers of the load and durable benchmarks
// (Benchmarks/Load/run.sh, Benchmarks/Postgres/run.sh). A package of its own, so that nothing
// here is in the manifest users resolve. A path dependency is known by its folder's name, which
// is whatever the repository was cloned as.
let rootPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "IntegrationTests",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "..", traits: ["Hummingbird", "AsyncHTTPClient", "PostgreSQL"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // Read by httpx-sse, sseclient-py and Node's EventSource.
        .executableTarget(
            name: "interop-server",
            dependencies: [
                .product(name: "ServerSentEvents", package: rootPackage),
                .product(name: "ServerSentEventsHummingbird", package: rootPackage),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/InteropServer",
            swiftSettings: strictSettings
        ),
        // Our reconnecting client, reading an sse-starlette server.
        .executableTarget(
            name: "interop-client",
            dependencies: [
                .product(name: "ServerSentEvents", package: rootPackage),
                .product(name: "ServerSentEventsClient", package: rootPackage),
            ],
            path: "Sources/InteropClient",
            swiftSettings: strictSettings
        ),
        // The generated chat emitter and the hub behind Hummingbird, for the browser and Node
        // tests. Generated/ is recorded by scripts/update-goldens.sh, checked by GoldenTests.
        .executableTarget(
            name: "e2e-server",
            dependencies: [
                .product(name: "ServerSentEvents", package: rootPackage),
                .product(name: "ServerSentEventsHummingbird", package: rootPackage),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/EndToEndServer",
            swiftSettings: strictSettings
        ),
        // Idle streams by the thousand: ours next to a hand-written Hummingbird endpoint.
        .executableTarget(
            name: "load-server",
            dependencies: [
                .product(name: "ServerSentEvents", package: rootPackage),
                .product(name: "ServerSentEventsHummingbird", package: rootPackage),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/LoadServer",
            swiftSettings: strictSettings
        ),
        // The PostgreSQL log across two instances beside the in-memory hub.
        .executableTarget(
            name: "durable-benchmark",
            dependencies: [
                .product(name: "ServerSentEvents", package: rootPackage),
                .product(name: "ServerSentEventsPostgres", package: rootPackage),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/DurableBenchmark",
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
