/// Hand-made HTTP/2 frames for driving a server session without a client library.
enum Frames {
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
    static let data: UInt8 = 0x0, headers: UInt8 = 0x1, rstStream: UInt8 = 0x3, settings: UInt8 = 0x4
    static let goAway: UInt8 = 0x7, windowUpdate: UInt8 = 0x8
    static let endStream: UInt8 = 0x1, endHeaders: UInt8 = 0x4, ack: UInt8 = 0x1

    static func frame(_ type: UInt8, flags: UInt8 = 0, stream: UInt32 = 0, _ payload: [UInt8] = []) -> [UInt8] {
        let length = UInt32(payload.count)
        return [UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type, flags,
                UInt8(stream >> 24 & 0x7F), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF)]
            + payload
    }

    /// HPACK "literal header field without indexing, new name" with plain (non-Huffman) strings.
    static func block(_ fields: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (name, value) in fields {
            out.append(0x00)
            out += string(name)
            out += string(value)
        }
        return out
    }

    private static func string(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        if bytes.count < 127 {
            out.append(UInt8(bytes.count))
        } else {
            out.append(127)
            var rest = bytes.count - 127
            while rest >= 128 {
                out.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            out.append(UInt8(rest))
        }
        return out + bytes
    }

    static func request(_ path: String, method: String = "GET", extra: [(String, String)] = []) -> [UInt8] {
        block([(":method", method), (":path", path), (":scheme", "http"), (":authority", "localhost")] + extra)
    }

    struct Parsed: Equatable {
        var type: UInt8
        var flags: UInt8
        var stream: UInt32
        var payload: [UInt8]
    }

    /// Splits `bytes` into frames; the incomplete tail is left out.
    static func parse(_ bytes: [UInt8]) -> [Parsed] {
        var out: [Parsed] = []
        var index = 0
        while bytes.count - index >= 9 {
            let length = Int(bytes[index]) << 16 | Int(bytes[index + 1]) << 8 | Int(bytes[index + 2])
            guard bytes.count - index >= 9 + length else { break }
            let stream = UInt32(bytes[index + 5] & 0x7F) << 24 | UInt32(bytes[index + 6]) << 16
                | UInt32(bytes[index + 7]) << 8 | UInt32(bytes[index + 8])
            out.append(Parsed(type: bytes[index + 3], flags: bytes[index + 4], stream: stream,
                              payload: Array(bytes[(index + 9)..<(index + 9 + length)])))
            index += 9 + length
        }
        return out
    }

    static func uint32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
