import Foundation

/// Runs the system's own decoders and encoders on test data (tests only).
enum ExternalDecoder {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// `gzip -dc` of `bytes`, by /bin/gzip.
    static func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        try run("/bin/gzip", ["-dc", "{in}"], input: bytes)
    }

    /// Python's `zlib.decompress` (the zlib format, RFC 1950) of `bytes`.
    static func pythonZlibDecompress(_ bytes: [UInt8]) throws -> [UInt8] {
        try python("import sys,zlib; sys.stdout.buffer.write(zlib.decompress(open(sys.argv[1],'rb').read()))", bytes)
    }

    /// Python's `zlib.compress` (zlib format) of `bytes` at `level`.
    static func pythonZlibCompress(_ bytes: [UInt8], level: Int) throws -> [UInt8] {
        try python("import sys,zlib; sys.stdout.buffer.write(zlib.compress(open(sys.argv[1],'rb').read(), \(level)))", bytes)
    }

    /// Python's `gzip.compress` of `bytes`.
    static func pythonGzipCompress(_ bytes: [UInt8]) throws -> [UInt8] {
        try python("import sys,gzip; sys.stdout.buffer.write(gzip.compress(open(sys.argv[1],'rb').read()))", bytes)
    }

    private static func python(_ script: String, _ bytes: [UInt8]) throws -> [UInt8] {
        try run("/usr/bin/python3", ["-c", script, "{in}"], input: bytes)
    }

    /// Writes `input` to a temp file, runs `tool` with `{in}` replaced by its path and stdout
    /// going to another temp file, and returns that file's bytes; throws on a non-zero exit.
    private static func run(_ tool: String, _ arguments: [String], input: [UInt8]) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory
        let inURL = directory.appendingPathComponent("compression-test-\(UUID().uuidString).in")
        let outURL = directory.appendingPathComponent("compression-test-\(UUID().uuidString).out")
        defer {
            try? FileManager.default.removeItem(at: inURL)
            try? FileManager.default.removeItem(at: outURL)
        }
        try Data(input).write(to: inURL)
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil) else {
            throw Failed(description: "cannot create \(outURL.path)")
        }
        let output = try FileHandle(forWritingTo: outURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments.map { $0 == "{in}" ? inURL.path : $0 }
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try output.close()
        guard process.terminationStatus == 0 else {
            throw Failed(description: "\(tool) exited with \(process.terminationStatus)")
        }
        return [UInt8](try Data(contentsOf: outURL))
    }
}
