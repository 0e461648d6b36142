import Eloquent
import Logging
import Testing

@Suite struct TextLogHandlerTests {
    @Test func exactLineShape() {
        let (logger, sink) = capturingLogger(format: .text)
        logger.info("request done", metadata: ["status": .stringConvertible(200), "path": "/health",
                                               "agent": "curl 8.0", "empty": ""])
        #expect(sink.texts == [
            #"2026-11-29T08:00:00.123Z INFO     [test.label] request done agent="curl 8.0" empty="" path=/health status=200"#
                + "\n",
        ])
    }

    @Test func controlCharactersNeverBreakTheLine() throws {
        let (logger, sink) = capturingLogger(format: .text)
        logger.critical("line1\nline2\r\u{1B}[2J", metadata: ["k\ney": "v\u{0}\"x\""])
        let line = try #require(sink.lines.first)
        #expect(line.dropLast().allSatisfy { $0 >= 0x20 && $0 != 0x7F })
        #expect(sink.texts[0] == ##"2026-11-29T08:00:00.123Z CRITICAL [test.label] line1\nline2\r\u001b[2J k\ney="v\u0000\"x\"""## + "\n")
    }

    @Test func nestedValuesAreJSON() {
        let (logger, sink) = capturingLogger(format: .text)
        logger.debug("n", metadata: ["list": ["a", "b c"], "map": ["k": "v"]])
        #expect(sink.texts[0].hasSuffix(#"[test.label] n list=["a","b c"] map={"k":"v"}"# + "\n"))
    }
}
