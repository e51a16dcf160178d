// swift-tools-version: 6.1
// swift-openapi-generator reading the OpenAPI export of Schemas/chat.events.yaml (a link to its
// golden): its build plugin generates the types and a client, and this package compiles them.
// scripts/check-openapi-generator.sh builds it and runs the generator on every other export.
import PackageDescription

let package = Package(
    name: "OpenAPIGeneratorCheck",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", exact: "1.13.4"),
    ],
    targets: [
        .target(
            name: "ChatAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        )
    ]
)
