import Foundation

/// Reading Prometheus text: our own light checks, and the official Python client's parser when it is installed.
enum StackPrometheus {
    /// The value of the sample written exactly as `series` (`name{labels}`), or nil.
    static func value(of series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// The sum of every sample of `name` (with any labels).
    static func total(_ name: String, in text: String) -> Double {
        text.split(separator: "\n").filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    /// Lines that are neither `# HELP`/`# TYPE` comments nor `name[{labels}] value` samples.
    static func malformedLines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().filter { line in
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") { return false }
            guard let space = line.lastIndex(of: " "), Double(line[line.index(after: space)...]) != nil
                    || ["+Inf", "-Inf", "NaN"].contains(String(line[line.index(after: space)...])) else { return true }
            let series = line[..<space]
            let name = series.prefix { $0 != "{" }
            guard let first = name.first, first.isLetter || first == "_" || first == ":",
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }) else { return true }
            let rest = series.dropFirst(name.count)
            return !(rest.isEmpty || (rest.hasPrefix("{") && rest.hasSuffix("}")))
        }
    }

    static let parserScript = """
    import sys
    from prometheus_client.parser import text_string_to_metric_families
    names = set()
    for family in text_string_to_metric_families(sys.stdin.read()):
        for sample in family.samples:
            names.add(sample.name)
    print("\\n".join(sorted(names)))
    """

    /// Whether `python3` with `prometheus_client` is available.
    static var officialParserAvailable: Bool {
        (try? run(["-c", "import prometheus_client"], input: []))?.status == 0
    }

    /// The sample names the official parser reads from `text`, or the error it printed.
    static func officialSampleNames(_ text: String) throws -> Result<Set<String>, StackTestError> {
        let result = try run(["-c", parserScript], input: Array(text.utf8))
        guard result.status == 0 else { return .failure(StackTestError(result.stderr)) }
        return .success(Set(result.stdout.split(separator: "\n").map(String.init)))
    }

    private static func run(_ arguments: [String], input: [UInt8]) throws -> (status: Int32, stdout: String, stderr: String) {
        // The input goes through a file, so that a child that exits early cannot break a pipe we are writing to.
        let inputPath = try StackFixture.temporaryDirectory() + "/input"
        defer { try? FileManager.default.removeItem(atPath: (inputPath as NSString).deletingLastPathComponent) }
        try Data(input).write(to: URL(fileURLWithPath: inputPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputPath))
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
