@testable import Basics
import Foundation
import Testing

@Suite struct JSONStringEscaperTests {
    func escaped(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        JSONStringEscaper.appendQuoted(bytes, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test func everyASCIIControlIsEscaped() throws {
        let all = (UInt8(0)...UInt8(0x7F)).map { $0 }
        let text = escaped(all)
        #expect(text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F })
        #expect(text.hasPrefix(#""\u0000\u0001"#))
        #expect(text.contains(#"\b\t\n\u000b\f\r\u000e"#))
        #expect(text.contains(##" !\"#"##) && text.contains(#"[\\]"#) && text.hasSuffix(#"~\u007f""#))
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded.map { Array($0.utf8) } == all)
    }

    @Test(arguments: [
        ([0xFF] as [UInt8], #""\ufffd""#),
        ([0x80], #""\ufffd""#),
        ([0x61, 0xC3], #""a\ufffd""#),
        ([0xC3, 0x28], #""\ufffd(""#),
        ([0xC0, 0xAF], #""\ufffd\ufffd""#),
        ([0xE0, 0x80, 0xAF], #""\ufffd\ufffd\ufffd""#),
        ([0xED, 0xA0, 0x80], #""\ufffd\ufffd\ufffd""#),
        ([0xE2, 0x82], #""\ufffd""#),
        ([0xE2, 0x82, 0x41], #""\ufffdA""#),
        ([0xF0, 0x9F, 0x8E], #""\ufffd""#),
        ([0xF4, 0x90, 0x80, 0x80], #""\ufffd\ufffd\ufffd\ufffd""#),
        ([0xF5, 0x80], #""\ufffd\ufffd""#),
        ([0xC2, 0x85], #""\u0085""#),
        ([0xE2, 0x80, 0xA8], #""\u2028""#),
        ([0xC3, 0xA9], "\"é\""),
        ([0xF0, 0x9F, 0x8E, 0x99], "\"🎙\""),
        ([0xEF, 0xBF, 0xBD], "\"\u{FFFD}\""),
    ])
    func invalidUTF8IsReplacedAndValidPassesThrough(bytes: [UInt8], expected: String) throws {
        let text = escaped(bytes)
        #expect(text == expected)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) is String)
    }

    @Test func replacementMatchesSwiftsOwnRepair() {
        let hostile: [UInt8] = [0x41, 0xE0, 0xA0, 0xF0, 0x28, 0x8C, 0xBC, 0xED, 0xBF, 0xBF, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x42]
        let ours = escaped(hostile).replacingOccurrences(of: #"\ufffd"#, with: "\u{FFFD}")
        #expect(ours == "\"" + String(decoding: hostile, as: UTF8.self) + "\"")
    }

    @Test func quotedConvenience() {
        #expect(JSONStringEscaper.quoted("a\"b") == #""a\"b""#)
        #expect(JSONStringEscaper.quoted("") == #""""#)
    }

    @Test func textModeLeavesQuotesAlone() {
        var output: [UInt8] = []
        JSONStringEscaper.appendEscaped("say \"hi\"\n".utf8, to: &output, escapeQuotes: false)
        #expect(String(decoding: output, as: UTF8.self) == #"say "hi"\n"#)
    }
}
