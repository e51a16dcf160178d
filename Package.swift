// swift-tools-version: 6.1
import PackageDescription

/// Every target builds in Swift 6 mode with the same strict gate.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// What an adapter needs beyond the runtime, resolved and built only with the adapter's trait.
let ifHummingbird = TargetDependencyCondition.when(traits: ["Hummingbird"])
let ifAsyncHTTPClient = TargetDependencyCondition.when(traits: ["AsyncHTTPClient"])
let ifPostgreSQL = TargetDependencyCondition.when(traits: ["PostgreSQL"])

let package = Package(
    name: "swift-typed-events",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .library(name: "ServerSentEvents", targets: ["ServerSentEvents"]),
        .library(name: "ServerSentEventsHummingbird", targets: ["ServerSentEventsHummingbird"]),
        .library(name: "ServerSentEventsClient", targets: ["ServerSentEventsClient"]),
        // The hub's log in PostgreSQL: instances share every topic, any of them resumes any id.
        .library(name: "ServerSentEventsPostgres", targets: ["ServerSentEventsPostgres"]),
        // The schema model and its validation, for tools (and the benchmarks); apps never need it.
        .library(name: "EventSchema", targets: ["EventSchema"]),
        // The generator, for tools that embed it; underscored as swift-openapi-generator's is: no API promise.
        .library(name: "_EventGeneratorCore", targets: ["_EventGeneratorCore"]),
        .executable(name: "generate-events", targets: ["generate-events"]),
        // `swift package --allow-writing-to-package-directory generate-events`
        .plugin(name: "GenerateEvents", targets: ["GenerateEvents"]),
        // `plugins: [.plugin(name: "GenerateEventsBuildPlugin", package: "swift-typed-events")]`
        .plugin(name: "GenerateEventsBuildPlugin", targets: ["GenerateEventsBuildPlugin"]),
    ],
    // Each server stack is opt-in, so that an app that only needs the runtime, the generated code
    // and the plugin resolves the generator's few packages and nothing else: SwiftPM resolves a
    // dependency only when an enabled trait (or an unconditional target dependency) needs it.
    //   .package(url: "https://github.com/…/swift-typed-events.git", from: "0.1.0", traits: ["Hummingbird"])
    traits: [
        .trait(
            name: "Hummingbird",
            description: "ServerSentEventsHummingbird: event streams served by Hummingbird 2 (swift-nio)"),
        .trait(
            name: "AsyncHTTPClient",
            description: "ServerSentEventsClient: a reconnecting EventSource-style client over AsyncHTTPClient"),
        .trait(
            name: "PostgreSQL",
            description:
                "ServerSentEventsPostgres: the hub's log in PostgreSQL (postgres-nio), shared by every instance"),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // `swift package generate-documentation`; no target uses it, so consumers never resolve it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
    ],
    targets: [
        // Runtime: framing and the hub. No NIO, no Yams, no generator code; only the
        // swift-metrics API, so that operators see the hub's evictions and refusals.
        .target(
            name: "ServerSentEvents",
            dependencies: [.product(name: "Metrics", package: "swift-metrics")],
            swiftSettings: strictSettings
        ),
        // Streaming responses for Hummingbird 2: headers, Last-Event-ID, heartbeats, hub subscriptions.
        .target(
            name: "ServerSentEventsHummingbird",
            dependencies: [
                "ServerSentEvents",
                .product(name: "Hummingbird", package: "hummingbird", condition: ifHummingbird),
                .product(name: "HummingbirdCore", package: "hummingbird", condition: ifHummingbird),
                .product(name: "NIOCore", package: "swift-nio", condition: ifHummingbird),
                .product(name: "Logging", package: "swift-log", condition: ifHummingbird),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle", condition: ifHummingbird),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms", condition: ifHummingbird),
                .product(name: "HTTPTypes", package: "swift-http-types", condition: ifHummingbird),
            ],
            swiftSettings: strictSettings
        ),
        // A reconnecting EventSource-style client over AsyncHTTPClient.
        .target(
            name: "ServerSentEventsClient",
            dependencies: [
                "ServerSentEvents",
                .product(name: "AsyncHTTPClient", package: "async-http-client", condition: ifAsyncHTTPClient),
                .product(name: "NIOCore", package: "swift-nio", condition: ifAsyncHTTPClient),
                .product(name: "NIOHTTP1", package: "swift-nio", condition: ifAsyncHTTPClient),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms", condition: ifAsyncHTTPClient),
            ],
            swiftSettings: strictSettings
        ),
        // A ServerSentEventLog in PostgreSQL (postgres-nio): gapless offsets in commit order,
        // LISTEN/NOTIFY hints, retention, publishing inside the application's own transaction.
        .target(
            name: "ServerSentEventsPostgres",
            dependencies: [
                "ServerSentEvents",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: ifPostgreSQL),
                .product(name: "Logging", package: "swift-log", condition: ifPostgreSQL),
            ],
            swiftSettings: strictSettings
        ),
        // The YAML schema: typed model, validation, diagnostics with file:line:column.
        .target(
            name: "EventSchema",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // The mostly static text of the JavaScript output (module skeleton, runtime, banner),
        // compiled in: the CLI never looks up a bundle.
        .target(
            name: "EventTemplates",
            path: "Templates",
            resources: [
                .embedInCode("banner.mustache"),
                .embedInCode("events.mjs.mustache"),
                .embedInCode("runtime.mjs"),
                .embedInCode("events.d.ts.mustache"),
            ],
            swiftSettings: strictSettings
        ),
        // Generation: schema → typed Swift and JavaScript models → text. Underscored: no API promise.
        .target(
            name: "_EventGeneratorCore",
            dependencies: [
                "EventSchema", "EventTemplates", .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        // Events checked against a schema without generated code, by the rules generated
        // decoders follow (`generate-events tail`). Underscored: no API promise.
        .target(
            name: "_EventInspection",
            dependencies: ["EventSchema", "ServerSentEvents"],
            swiftSettings: strictSettings
        ),
        // Thin CLI.
        .executableTarget(
            name: "generate-events",
            dependencies: [
                "_EventGeneratorCore",
                "_EventInspection",
                "EventSchema",
                "ServerSentEvents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The command plugin, verb `generate-events`: passes the package's targets to the CLI.
        .plugin(
            name: "GenerateEvents",
            capability: .command(
                intent: .custom(
                    verb: "generate-events",
                    description: "Generate typed Swift and JavaScript from the package's *.events.yaml schemas"
                ),
                permissions: [
                    .writeToPackageDirectory(
                        reason: "Writes the generated Swift beside each schema's target and the JavaScript module")
                ]
            ),
            dependencies: ["generate-events"],
            path: "Plugins/GenerateEvents"
        ),
        // The build-tool plugin: a target's Swift generated at every build, nothing committed.
        .plugin(
            name: "GenerateEventsBuildPlugin",
            capability: .buildTool(),
            dependencies: ["generate-events"],
            path: "Plugins/GenerateEventsBuildPlugin"
        ),
        // What the test suites share: a subscription read with a deadline, a clock the test
        // advances, a unified diff for goldens and snippets.
        .target(
            name: "TestSupport",
            dependencies: ["ServerSentEvents"],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ServerSentEventsTests",
            dependencies: ["ServerSentEvents", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ServerSentEventsHummingbirdTests",
            dependencies: [
                "ServerSentEventsHummingbird",
                "ServerSentEvents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ServerSentEventsClientTests",
            dependencies: [
                "ServerSentEventsClient",
                "ServerSentEventsHummingbird",
                "ServerSentEvents",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),
        // Against a real PostgreSQL: scripts/test.sh starts a private cluster and sets DATABASE_URL.
        .testTarget(
            name: "ServerSentEventsPostgresTests",
            dependencies: [
                "ServerSentEventsPostgres", "ServerSentEvents", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EventSchemaTests",
            dependencies: ["EventSchema", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EventGeneratorCoreTests",
            dependencies: ["_EventGeneratorCore", "EventSchema", "TestSupport"],
            swiftSettings: strictSettings
        ),
        // The generated code of every schema in Schemas/ (and hostile ones), compiled and exercised.
        .testTarget(
            name: "GeneratedSwiftTests",
            dependencies: [
                "ServerSentEvents", "EventSchema", "_EventGeneratorCore", "_EventInspection", "ServerSentEventsClient",
                "ServerSentEventsHummingbird", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GenerateEventsCLITests",
            dependencies: ["generate-events"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
