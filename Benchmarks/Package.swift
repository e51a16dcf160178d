// swift-tools-version: 6.0
import Foundation
import PackageDescription

// A package of its own, as swift-nio's benchmarks are, so that users of swift-typed-events never
// resolve what only the benchmarks need. A path dependency is known by its folder's name, which
// is whatever the repository was cloned as.
let rootPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        // The peer we measure against, at the version the project compares with.
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", exact: "1.13.4"),
        // The YAML parser the schema loader stands on: its compose time is the floor.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        .executableTarget(
            name: "FramingBenchmark",
            dependencies: [
                .product(name: "ServerSentEvents", package: rootPackage),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "SchemaBenchmark",
            dependencies: [
                .product(name: "EventSchema", package: rootPackage),
                .product(name: "_EventGeneratorCore", package: rootPackage),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        // Typed round trips. Generated/ links to the committed goldens of Schemas/market.events.yaml.
        .executableTarget(
            name: "TypedBenchmark",
            dependencies: [
                .product(name: "ServerSentEvents", package: rootPackage),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
