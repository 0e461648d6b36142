import Synchronization
import HTTPServer

/// The request's id (`X-Request-ID`), set by the performance monitor.
enum RequestIDKey: RequestAttributeKey {
    typealias Value = String
}

/// Request ids: a client's value is kept when it is sane (1–128 of `A-Z a-z 0-9 - _ . : /`), else one is generated.
enum RequestID {
    static func sanitize(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.utf8.count <= 128 else { return nil }
        let ok = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: ":"), UInt8(ascii: "/"):
                true
            default:
                false
            }
        }
        return ok ? value : nil
    }

    /// 32 hex digits: 64 random bits drawn once per process, then a counter. Unique within the process and across
    /// restarts (with overwhelming probability) without a system call per request.
    static func generate() -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        appendHex(processPrefix, to: &bytes)
        appendHex(sequence.wrappingAdd(1, ordering: .relaxed).newValue, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let processPrefix: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()
    private static let sequence = Atomic<UInt64>(0)

    /// 16 lowercase hex digits, zero-padded.
    private static func appendHex(_ value: UInt64, to bytes: inout [UInt8]) {
        var shift: UInt64 = 60
        while true {
            let digit = UInt8(truncatingIfNeeded: (value >> shift) & 0xF)
            bytes.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
            if shift == 0 { break }
            shift -= 4
        }
    }
}
