// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// This manifest's directory (for the linker's symbol ordering file).
let packageDirectory = String(#filePath.dropLast("/Package.swift".count))

let package = Package(
    name: "eloquent-server",
    products: [
        .executable(name: "eloquent-server", targets: ["eloquent-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(name: "CLibUV", path: "Modules/CLibUV", pkgConfig: "libuv",
                       providers: [.apt(["libuv1-dev"])]),
        .systemLibrary(name: "CZlib", path: "Modules/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Compression", dependencies: ["CZlib", "Basics"], swiftSettings: strict),
        .systemLibrary(name: "CSQLite", path: "Modules/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        // Headers only: Storage loads libpq with dlopen on the first PostgreSQL connection (LibPQ), so no -lpq.
        .systemLibrary(name: "CLibPQ", path: "Modules/CLibPQ", providers: [.apt(["libpq-dev"])]),
        .target(name: "Storage", dependencies: ["Basics", "CSQLite", "CLibPQ", "UVCore"], swiftSettings: strict),
        .systemLibrary(name: "CHiredis", path: "Modules/CHiredis", pkgConfig: "hiredis",
                       providers: [.apt(["libhiredis-dev"])]),
        // Redis (REDIS_URL): the shared rate limit.
        .target(name: "SharedState", dependencies: [
            "CHiredis", "Basics", "UVCore", "RateLimit", .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "UVCore", dependencies: ["CLibUV"], swiftSettings: strict),
        .target(name: "HTTP1", dependencies: ["Basics"], swiftSettings: strict),
        .systemLibrary(name: "CNGHTTP2", path: "Modules/CNGHTTP2", pkgConfig: "libnghttp2",
                       providers: [.apt(["libnghttp2-dev"])]),
        .target(name: "HTTP2", dependencies: ["CNGHTTP2"], swiftSettings: strict),
        // Headers only: TLS loads libssl with dlopen when the first TLS context is made (OpenSSLLibrary), so no -lssl.
        .systemLibrary(name: "COpenSSL", path: "Modules/COpenSSL", providers: [.apt(["libssl-dev"])]),
        .target(name: "TLS", dependencies: ["COpenSSL"], swiftSettings: strict),
        // Headers only: Upstream loads libcurl with dlopen on the first transfer (CurlLibrary), so no -lcurl.
        .systemLibrary(name: "CCurl", path: "Modules/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "Upstream", dependencies: ["CCurl", "UVCore", "Basics"], swiftSettings: strict),
        .target(name: "Basics", swiftSettings: strict),
        .target(name: "HTTPServer", dependencies: [
            "UVCore", "HTTP1", "HTTP2", "TLS", "Basics",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        // Leaves: one concern each, no HTTP.
        .target(name: "Multipart", dependencies: ["Basics"], swiftSettings: strict),
        .target(name: "AudioFormat", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(name: "WorkerPool", swiftSettings: strict),
        .target(name: "RateLimit", dependencies: ["Basics"], swiftSettings: strict),
        .target(name: "Identity", dependencies: [
            "Basics", "Upstream",
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // Domain: bytes and values in, values and domain errors out; no HTTP module.
        .target(name: "Transcription", dependencies: [
            "Basics", "Multipart", "AudioFormat", "WorkerPool", "Upstream",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "Accounts", dependencies: [
            "Basics", "Storage", "Identity",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "Billing", dependencies: [
            "Basics", "Accounts", "Storage", "Identity", "Upstream",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        // App: routes, app middleware, configuration, composition.
        .target(name: "Eloquent", dependencies: [
            "HTTPServer", "HTTP1", "Compression", "Storage", "Upstream", "UVCore", "Basics",
            "Multipart", "AudioFormat", "WorkerPool", "RateLimit", "Identity", "SharedState",
            "Transcription", "Accounts", "Billing",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // Issue 9 (idle RSS): the dynamic symbol table holds nothing (static-stdlib-args.lnk asks for -export-dynamic,
        // which put 18,000 symbols, 1.5 MB, in it, most of it resident); and the functions that run from exec to the
        // first /health answer (linker/startup-order.txt, made by scripts/startup-order) are laid out first in .text,
        // so that the pages the kernel maps around each startup fault hold startup code, not cold neighbours
        // (text resident 7.7 -> 4.0 MB). Names missing from the file (renamed since) only lose their place.
        // Linked by lld with packed relative relocations (DT_RELR, glibc 2.36+): gold's 62,000 RELA entries (1.5 MB,
        // all read by the dynamic loader at start and left resident) become 12 KB; idle RSS drops by ~1.3 MB.
        .executableTarget(name: "eloquent-server", dependencies: [
            "Eloquent", "Basics", "Identity",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict, linkerSettings: [
            .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                          "-Xlinker", "--no-export-dynamic",
                          "-Xlinker", "--symbol-ordering-file=\(packageDirectory)/linker/startup-order.txt",
                          "-Xlinker", "--no-warn-symbol-ordering"]),
        ]),
        .target(name: "TestSupport", dependencies: [
            "Eloquent", "HTTPServer", "Identity", "Basics",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "CompressionTests", dependencies: ["Compression"], swiftSettings: strict),
        .testTarget(name: "UpstreamTests", dependencies: ["Upstream", "UVCore"], swiftSettings: strict),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Basics", "UVCore"], swiftSettings: strict),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "UVCoreTests", dependencies: ["UVCore"], swiftSettings: strict),
        .testTarget(name: "HTTP2Tests", dependencies: ["HTTP2"], swiftSettings: strict),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTP1", "TestSupport", "Eloquent"], swiftSettings: strict),
        .testTarget(name: "BasicsTests", dependencies: ["Basics"], swiftSettings: strict),
        .testTarget(name: "MultipartTests", dependencies: ["Multipart", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "AudioFormatTests", dependencies: ["AudioFormat", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "WorkerPoolTests", dependencies: [
            "WorkerPool", "AudioFormat", .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .testTarget(name: "RateLimitTests", dependencies: ["RateLimit", "Basics"], swiftSettings: strict),
        .testTarget(name: "IdentityTests", dependencies: [
            "Identity", "Basics", "Upstream", "TestSupport",
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .testTarget(name: "BillingTests", dependencies: [
            "Billing", "Basics", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .testTarget(name: "EloquentTests", dependencies: [
            "Eloquent", "HTTPServer", "HTTP1", "Compression", "TestSupport", "Storage", "Upstream", "UVCore", "Basics",
            "Multipart", "AudioFormat", "WorkerPool", "RateLimit", "Identity", "Transcription", "Accounts", "Billing",
            "SharedState",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
    ]
)
