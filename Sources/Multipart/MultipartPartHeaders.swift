import Basics
/// What a part's header block says: its field name, file name and content type. Built from
/// the bytes between the boundary line and the empty line; lines must end in CRLF, folded
/// lines are refused, and `Content-Disposition: form-data; name=…` is required (RFC 7578).
struct MultipartPartHeaders: Sendable, Equatable {
    var name: String
    /// Present (possibly empty) for file parts; `filename*` (RFC 5987) wins over `filename`.
    var filename: String?
    var contentType: String?

    static func parse(_ block: ArraySlice<UInt8>) throws(MultipartError) -> MultipartPartHeaders {
        var disposition: HeaderParameters?
        var contentType: String?
        for line in lines(of: block) {
            guard let first = line.first else { throw fail("empty header line") }
            if first == 0x20 || first == 0x09 { throw fail("folded header lines are not allowed") }
            guard line.allSatisfy({ $0 != 13 && $0 != 10 }) else { throw fail("header line without CRLF") }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw fail("header line without ':'") }
            let nameBytes = line[line.startIndex..<colon]
            guard !nameBytes.isEmpty, nameBytes.allSatisfy(ByteScanner.isTokenByte) else {
                throw fail("malformed header name")
            }
            let value = line[(colon + 1)...]
            switch String(decoding: nameBytes, as: UTF8.self).lowercased() {
            case "content-disposition":
                guard disposition == nil else { throw fail("Content-Disposition appears twice") }
                disposition = try HeaderParameters.parse(value) { fail("Content-Disposition: \($0)") }
            case "content-type":
                guard contentType == nil else { throw fail("Content-Type appears twice") }
                guard let text = String(validating: value, as: UTF8.self) else { throw fail("Content-Type is not UTF-8") }
                contentType = String(text.trimmingWhitespace())
            default:
                continue
            }
        }
        guard let disposition else { throw fail("part has no Content-Disposition") }
        guard disposition.type == "form-data" else { throw fail("Content-Disposition must be form-data") }
        guard let name = disposition.value(of: "name"), !name.isEmpty else {
            throw fail("Content-Disposition has no field name")
        }
        var filename = disposition.value(of: "filename")
        if let extended = disposition.value(of: "filename*") {
            guard let decoded = ExtendedParameterValue.decode(extended) else {
                throw fail("Content-Disposition filename* is malformed")
            }
            filename = decoded
        }
        return MultipartPartHeaders(name: name, filename: filename, contentType: contentType?.nilIfEmpty)
    }

    /// The block split at CRLF (the block itself has no final CRLF).
    private static func lines(of block: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        guard !block.isEmpty else { return [] }
        var lines: [ArraySlice<UInt8>] = []
        var start = block.startIndex
        var index = block.startIndex
        while index + 1 < block.endIndex {
            if block[index] == 13, block[index + 1] == 10 {
                lines.append(block[start..<index])
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        lines.append(block[start...])
        return lines
    }

    private static func fail(_ reason: String) -> MultipartError {
        .malformedPartHeaders(reason: reason)
    }
}

extension String {

    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
