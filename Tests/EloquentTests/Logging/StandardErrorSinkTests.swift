import Eloquent
import Foundation
import Glibc
import Logging
import Testing

@Suite struct StandardErrorSinkTests {
    @Test func concurrentLinesNeverInterleave() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eloquent-log-\(UUID())").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(descriptor >= 0)
        defer {
            close(descriptor)
            unlink(path)
        }
        let sink = StandardErrorSink(fileDescriptor: descriptor)
        let writers = 8, linesEach = 200
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let handler = LineLogHandler(label: "w\(writer)", format: .json, sink: sink)
                    let logger = Logger(label: "w\(writer)") { _ in handler }
                    let padding = String(repeating: Character(UnicodeScalar(UInt8(65 + writer))), count: 3000)
                    for index in 0..<linesEach { logger.info("\(index) \(padding)") }
                }
            }
        }
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        let lines = contents.split(separator: "\n")
        #expect(lines.count == writers * linesEach)
        #expect(contents.hasSuffix("\n"))
        for line in lines {
            let object = try parseJSONLogLine(Array(line.utf8))
            let message = try #require(object["msg"] as? String)
            let logger = try #require(object["logger"] as? String)
            let letter = Character(UnicodeScalar(UInt8(65 + Int(logger.dropFirst())!)))
            #expect(message.hasSuffix(" " + String(repeating: letter, count: 3000)))
        }
        #expect(sink.droppedLines == 0)
    }

    @Test func unwritableDescriptorDropsAndCounts() throws {
        let readOnly = open("/dev/null", O_RDONLY | O_CLOEXEC)
        try #require(readOnly >= 0)
        defer { close(readOnly) }
        let sink = StandardErrorSink(fileDescriptor: readOnly)
        sink.write(Array("lost\n".utf8))
        sink.write([])
        #expect(sink.droppedLines == 1)
    }
}
