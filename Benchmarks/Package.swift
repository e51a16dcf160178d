// swift-tools-version: 6.0
import Foundation
import PackageDescription

// A package of its own, as swift-nio's benchmarks are, so that users of swift-typed-events never
// resolve what only the benchmarks need. A path dependency is known by its folder's name, which
// is whatever the repository was cloned as.
let rootPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        // The peer we measure against, at the version the project compares with.
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", exact: "1.13.4"),
    ],
    targets: [
        .executableTarget(
            name: "FramingBenchmark",
            dependencies: [
                .product(name: "ServerSentEvents", package: rootPackage),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
