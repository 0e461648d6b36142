import Eloquent
import Testing

@Suite struct DotEnvParserTests {
    func parse(_ text: String) throws(ConfigError) -> [String: String] {
        try DotEnvParser.parse(Array(text.utf8), path: ".env")
    }

    func failure(_ text: String) -> ConfigError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func plainValuesCommentsBlanksAndExport() throws {
        let values = try parse("""
            # a comment
              # an indented comment

            PORT=8080
            export HOST=127.0.0.1
            export\tLOG_LEVEL = debug
            SPACED =  value with spaces   # trailing comment
            HASH=abc#def
            HASH_AFTER_SPACE=abc #def
            EMPTY=
            COMMENT_ONLY= # nothing
            LEADING_HASH=#notacomment
            URL=postgres://u:p@h/db?x=1&y=2
            """)
        #expect(values == [
            "PORT": "8080", "HOST": "127.0.0.1", "LOG_LEVEL": "debug", "SPACED": "value with spaces",
            "HASH": "abc#def", "HASH_AFTER_SPACE": "abc", "EMPTY": "", "COMMENT_ONLY": "",
            "LEADING_HASH": "#notacomment", "URL": "postgres://u:p@h/db?x=1&y=2",
        ])
    }

    @Test func quotedValues() throws {
        let values = try parse(#"""
            DOUBLE="a b # not a comment"
            ESCAPES="line1\nline2\ttab\r\"quoted\" back\\slash \$HOME \q"
            SINGLE='raw \n "kept" $HOME'
            AFTER="x"   # comment after the quote
            EMPTY_DOUBLE=""
            EMPTY_SINGLE=''
            NO_EXPANSION=${HOME}
            """#)
        #expect(values["DOUBLE"] == "a b # not a comment")
        #expect(values["ESCAPES"] == "line1\nline2\ttab\r\"quoted\" back\\slash \\$HOME \\q")
        #expect(values["SINGLE"] == #"raw \n "kept" $HOME"#)
        #expect(values["AFTER"] == "x")
        #expect(values["EMPTY_DOUBLE"] == "" && values["EMPTY_SINGLE"] == "")
        #expect(values["NO_EXPANSION"] == "${HOME}")
    }

    @Test func crlfLineEndingsAndLaterLinesWin() throws {
        let values = try parse("A=1\r\nB=\"two\"\r\nA=3\r\n")
        #expect(values == ["A": "3", "B": "two"])
    }

    @Test(arguments: [
        ("PORT", 1, "expected \"=\" after PORT"),
        ("A=1\n=value", 2, "expected KEY=VALUE"),
        ("A=1\nB=2\n1ABC=x", 3, "expected KEY=VALUE"),
        ("KEY value", 1, "expected \"=\" after KEY"),
        ("MY-KEY=1", 1, "expected \"=\" after MY"),
        ("export", 1, "expected \"=\" after export"),
        ("A=\"unterminated", 1, "unterminated double-quoted value"),
        ("A='unterminated", 1, "unterminated single-quoted value"),
        ("A=\"x\" trailing", 1, "unexpected text after the closing quote"),
        ("A='x'y", 1, "unexpected text after the closing quote"),
        ("A=\"multi\nline\"", 1, "unterminated double-quoted value"),
        ("ÄKEY=1", 1, "expected KEY=VALUE"),
    ])
    func malformedLinesNameFileAndLine(text: String, line: Int, reason: String) {
        let error = failure(text)
        guard case .malformedDotEnv(let path, let number, let message)? = error else {
            Issue.record("expected a malformed-line error, got \(String(describing: error))")
            return
        }
        #expect(path == ".env" && number == line)
        #expect(message.hasPrefix(reason), "\(message)")
        #expect(error?.description.hasPrefix(".env:\(line): ") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func invalidUTF8AndNULBytesAreMalformed() {
        for bytes: [UInt8] in [[0x41, 0x3D, 0xFF, 0x0A], [0x41, 0x3D, 0x31, 0x00, 0x32]] {
            #expect(throws: ConfigError.malformedDotEnv(path: "x.env", line: 1, reason: "not valid UTF-8 text")) {
                try DotEnvParser.parse(bytes, path: "x.env")
            }
        }
    }

    @Test func emptyFileHasNoVariables() throws {
        #expect(try parse("").isEmpty)
        #expect(try parse("\n\n# only comments\n").isEmpty)
    }
}
