import HTTP1

/// What can be read of a request head the parser refused (too large, malformed, too slow): the request line's method
/// and path when they look sane, and the complete header lines that are well-formed. Used only to shape the error
/// response (its style by path, CORS by `Origin`, the client's `X-Request-ID`); such a request is never routed.
enum PartialHead {
    /// Longest header value kept.
    static let maxValueBytes = 1024
    /// Most header lines kept.
    static let maxHeaders = 32

    static func salvage(_ bytes: [UInt8]) -> RequestHead {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        // Leading empty lines are allowed before the request line.
        while start + 1 < bytes.endIndex, bytes[start] == 0x0D, bytes[start + 1] == 0x0A { start += 2 }
        var index = start
        while index + 1 < bytes.endIndex, lines.count <= maxHeaders {
            if bytes[index] == 0x0D, bytes[index + 1] == 0x0A {
                if index == start { break }  // the empty line: end of head
                lines.append(bytes[start..<index])
                start = index + 2
                index = start
                continue
            }
            index += 1
        }
        var method = "GET"
        var path = "/"
        var query: String?
        // The request line, even when its CRLF has not arrived (a head too large may be one long line).
        let first = lines.first ?? bytes[start..<min(bytes.endIndex, start + 8192)]
        let parts = first.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count >= 2, parts[0].count <= 32, parts[0].allSatisfy(isTokenByte) {
            method = String(decoding: parts[0], as: UTF8.self)
            let target = parts[1]
            if target.first == UInt8(ascii: "/"), target.count <= 8192, target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
                let text = String(decoding: target, as: UTF8.self)
                if let mark = text.firstIndex(of: "?") {
                    path = String(text[..<mark])
                    query = String(text[text.index(after: mark)...])
                } else {
                    path = text
                }
            }
        }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { continue }
            let name = line[line.startIndex..<colon]
            var value = line[(colon + 1)...]
            while let byte = value.first, byte == 0x20 || byte == 0x09 { value = value.dropFirst() }
            while let byte = value.last, byte == 0x20 || byte == 0x09 { value = value.dropLast() }
            guard name.allSatisfy(isTokenByte), value.count <= maxValueBytes,
                  value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 < 0x7F) }) else { continue }
            headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        }
        return RequestHead(method: method, target: path + (query.map { "?" + $0 } ?? ""), path: path, query: query,
                           version: .http1_1, headers: headers, framing: .none, keepAlive: false, expectsContinue: false)
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
