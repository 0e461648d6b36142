@testable import Basics
import Eloquent
import Foundation
import Logging
import Testing

@Suite struct JSONLogHandlerTests {
    @Test func exactLineShape() throws {
        let (logger, sink) = capturingLogger(format: .json)
        logger.info("hello", metadata: ["request_id": "abc", "status": .stringConvertible(200)])
        #expect(sink.texts == [
            #"{"ts":"2026-11-29T08:00:00.123Z","level":"info","msg":"hello","logger":"test.label","request_id":"abc","status":200}"# + "\n",
        ])
    }

    @Test func controlCharactersQuotesBackslashesAreEscaped() throws {
        let (logger, sink) = capturingLogger(format: .json)
        let message = "quote\" backslash\\ nl\n cr\r tab\t nul\u{0} bell\u{7} esc\u{1B}[31m del\u{7F} c1\u{9B} ls\u{2028} ps\u{2029}"
        logger.warning("\(message)")
        let line = try #require(sink.lines.first)
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().allSatisfy { $0 >= 0x20 }, "no raw control byte")
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.contains(#""msg":"quote\" backslash\\ nl\n cr\r tab\t nul\u0000 bell\u0007 esc\u001b[31m del\u007f c1\u009b ls\u2028 ps\u2029""#))
        #expect(try parseJSONLogLine(line)["msg"] as? String == message)
        #expect(try parseJSONLogLine(line)["level"] as? String == "warning")
    }

    @Test func unicodePassesThroughAndRoundTrips() throws {
        let (logger, sink) = capturingLogger(format: .json)
        let message = "héllo wörld — 日本語 🎙️ \u{10FFFF}"
        logger.info("\(message)", metadata: ["ключ": "значение"])
        let line = try #require(sink.lines.first)
        #expect(String(decoding: line, as: UTF8.self).contains(message))
        let object = try parseJSONLogLine(line)
        #expect(object["msg"] as? String == message)
        #expect(object["ключ"] as? String == "значение")
    }

    @Test func invalidUTF8BytesBecomeReplacementCharacters() throws {
        let (logger, sink) = capturingLogger(format: .json)
        let decoded = String(decoding: [0x61, 0xFF, 0x62, 0xC3, 0x28, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80], as: UTF8.self)
        logger.error("\(decoded)", metadata: ["raw": .string(decoded)])
        let object = try parseJSONLogLine(try #require(sink.lines.first))
        #expect((object["msg"] as? String)?.hasPrefix("a\u{FFFD}b\u{FFFD}(") == true)
        #expect(object["raw"] as? String == decoded)
    }

    @Test func metadataMergesAndTypes() throws {
        let provider = Logger.MetadataProvider { ["trace_id": "t-1", "shared": "provider"] }
        let (base, sink) = capturingLogger(format: .json, metadataProvider: provider)
        var logger = base
        logger[metadataKey: "shared"] = "handler"
        logger[metadataKey: "component"] = "http"
        logger.notice("m", metadata: [
            "shared": "call", "flag": .stringConvertible(true), "ratio": .stringConvertible(0.5),
            "nan": .stringConvertible(Double.nan), "list": ["1", "two"], "nested": ["b": "2", "a": ["x"]],
            "ts": "spoofed", "msg": "spoofed", "level": "spoofed",
        ], source: "src")
        let line = try #require(sink.lines.first)
        let object = try parseJSONLogLine(line)
        #expect(object["shared"] as? String == "call")
        #expect(object["trace_id"] as? String == "t-1" && object["component"] as? String == "http")
        #expect(object["flag"] as? Bool == true && object["ratio"] as? Double == 0.5)
        #expect(object["nan"] as? String == "nan")
        #expect(object["msg"] as? String == "m" && object["meta.msg"] as? String == "spoofed")
        #expect(object["ts"] as? String == "2026-11-29T08:00:00.123Z" && object["meta.ts"] as? String == "spoofed")
        #expect(object["level"] as? String == "notice" && object["meta.level"] as? String == "spoofed")
        #expect(String(decoding: line, as: UTF8.self).contains(#""meta.level":"spoofed","list":["1","two"],"meta.msg""#))
        #expect(String(decoding: line, as: UTF8.self).contains(#""nested":{"a":["x"],"b":"2"}"#))
    }

    @Test func hostileMetadataKeysAreEscaped() throws {
        let (logger, sink) = capturingLogger(format: .json)
        logger.info("k", metadata: ["a\"b\n\\c": "v", "": "empty"])
        let object = try parseJSONLogLine(try #require(sink.lines.first))
        #expect(object["a\"b\n\\c"] as? String == "v" && object[""] as? String == "empty")
    }

    @Test func levelFilteringAndOneLinePerRecord() throws {
        let (logger, sink) = capturingLogger(format: .json, level: .warning)
        logger.debug("hidden")
        logger.info("hidden")
        logger.warning("shown\nstill one line")
        logger.critical("also shown")
        #expect(sink.lines.count == 2)
        #expect(sink.lines.allSatisfy { $0.filter { $0 == UInt8(ascii: "\n") }.count == 1 })
    }

    @Test func errorsAreLogged() throws {
        struct Boom: Error, CustomStringConvertible { var description: String { "boom \"x\"" } }
        let sink = CapturingLogSink()
        let handler = LineLogHandler(label: "e", sink: sink, clock: { LogTimestamp(seconds: 0, nanoseconds: 0) })
        handler.log(event: LogEvent(level: .error, message: "failed", error: Boom(), metadata: nil, source: nil,
                                    file: #fileID, function: #function, line: #line))
        #expect(try parseJSONLogLine(try #require(sink.lines.first))["error"] as? String == "boom \"x\"")
    }
}
