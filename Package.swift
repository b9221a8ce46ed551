// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "floodgate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "floodgate", targets: ["floodgate"]),
        .executable(name: "floodgate-bench", targets: ["FloodgateBench"]),
        .library(name: "FloodgateRedis", targets: ["FloodgateRedis"]),
        .library(name: "FloodgateCore", targets: ["FloodgateCore"]),
        .library(name: "FloodgateEngine", targets: ["FloodgateEngine"]),
        .library(name: "FloodgateServer", targets: ["FloodgateServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // C libraries from Debian, imported through small shims.
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),

        // Child processes started safely from a Swift concurrency program.
        .target(
            name: "FloodgateSystem",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // Non-blocking, pipelined Redis client: NIO for I/O, hiredis for the protocol.
        .target(
            name: "FloodgateRedis",
            dependencies: [
                "CHiredis",
                "FloodgateSystem",
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // The sale domain: rules, tokens, proof of work, fairness. No I/O.
        .target(
            name: "FloodgateCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // The sale engine on Redis: Lua scripts and the operations built on them.
        .target(
            name: "FloodgateEngine",
            dependencies: [
                "FloodgateCore",
                "FloodgateRedis",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Scripts")],
            swiftSettings: swiftSettings
        ),

        // The one HTTP/1.1 client on SwiftNIO: one-shot calls, streams, keep-alive connections,
        // and the handler the rehearsal's connection pools are built on. Shared by the console,
        // the rehearsal, the demo crowd, the tests and the benchmarks.
        .target(
            name: "FloodgateHTTPClient",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // The daemon: HTTP API, embedded Redis, services, metrics.
        .target(
            name: "FloodgateServer",
            dependencies: [
                "FloodgateCore",
                "FloodgateEngine",
                "FloodgateHTTPClient",
                "FloodgateRedis",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("APIDescription/openapi.yaml"), .copy("Page/WaitingRoom")],
            swiftSettings: swiftSettings
        ),

        // The war-room console: a cell-grid renderer, the ncurses screen, the admin API client.
        .target(
            name: "FloodgateConsole",
            dependencies: [
                "CNcursesw",
                "FloodgateCore",
                "FloodgateHTTPClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // Sale-day rehearsal: simulated shoppers, bots and faults against a daemon, and the report.
        .target(
            name: "FloodgateRehearsal",
            dependencies: [
                "FloodgateCore",
                "FloodgateHTTPClient",
                "FloodgateRedis",
                "FloodgateSystem",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Scripts")],
            swiftSettings: swiftSettings
        ),

        // The command line: `floodgate serve`, and the subcommands that later issues add.
        .executableTarget(
            name: "floodgate",
            dependencies: [
                "FloodgateConsole",
                "FloodgateRehearsal",
                "FloodgateServer",
                "FloodgateSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // Side-by-side benchmarks against Redis' own tools.
        .executableTarget(
            name: "FloodgateBench",
            dependencies: [
                "FloodgateRedis",
                "FloodgateSystem",
                "FloodgateTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            resources: [.copy("Scripts"), .copy("Peer/nginx.conf.template")],
            swiftSettings: swiftSettings
        ),

        // Test support: real redis-server processes, the built binary, ports.
        .target(
            name: "FloodgateTesting",
            dependencies: [
                "FloodgateHTTPClient",
                "FloodgateRedis",
                "FloodgateSystem",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        .testTarget(
            name: "FloodgateRedisTests",
            dependencies: ["FloodgateRedis", "FloodgateTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FloodgateHTTPClientTests",
            dependencies: [
                "FloodgateHTTPClient",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FloodgateCoreTests",
            dependencies: ["FloodgateCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FloodgateConsoleTests",
            dependencies: ["FloodgateConsole", "FloodgateCore", "FloodgateRedis", "FloodgateSystem", "FloodgateTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FloodgateEngineTests",
            dependencies: ["FloodgateEngine", "FloodgateCore", "FloodgateRedis", "FloodgateTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FloodgateRehearsalTests",
            dependencies: [
                "FloodgateRehearsal", "FloodgateCore", "FloodgateRedis", "FloodgateSystem", "FloodgateTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FloodgateServerTests",
            dependencies: [
                "FloodgateServer", "FloodgateCore", "FloodgateRedis", "FloodgateSystem", "FloodgateTesting",
                "FloodgateEngine",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
