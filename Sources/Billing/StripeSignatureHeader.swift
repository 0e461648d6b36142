import Basics
/// The parsed `Stripe-Signature` header: `t=<unix seconds>,v1=<hex>,v1=<hex>,v0=…`. Schemes other than `v1`
/// are ignored; `v1` values that are not 64 hex digits are kept out (they could never match).
struct StripeSignatureHeader: Sendable, Equatable {
    /// Longest header accepted; Stripe's are well under 1 KiB even with several secrets rolling.
    static let maxBytes = 8 * 1024

    /// The `t` value exactly as sent (it is part of the signed text).
    var timestampText: String
    var timestamp: Int
    /// Every well-formed `v1` signature, decoded.
    var signatures: [[UInt8]]

    /// Parses `header`; throws `.missingHeader`, `.malformedHeader` or `.noSignature`.
    init(_ header: String?) throws(WebhookError) {
        guard let header, !header.allSatisfy({ $0 == " " || $0 == "\t" }) else { throw .missingHeader }
        guard header.utf8.count <= Self.maxBytes else { throw .malformedHeader }
        var timestampText: String?
        var signatures: [[UInt8]] = []
        var sawV1 = false
        for item in header.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = item.trimmingWhitespace()
            guard let equals = trimmed.firstIndex(of: "="), equals != trimmed.startIndex else { throw .malformedHeader }
            let key = trimmed[..<equals]
            let value = trimmed[trimmed.index(after: equals)...]
            switch key {
            case "t":
                guard timestampText == nil else { throw .malformedHeader }
                timestampText = String(value)
            case "v1":
                sawV1 = true
                if let bytes = Self.hexBytes(value), bytes.count == 32 { signatures.append(bytes) }
            default:
                continue
            }
        }
        guard let timestampText, (1...12).contains(timestampText.utf8.count),
              timestampText.utf8.allSatisfy({ (48...57).contains($0) }), let timestamp = Int(timestampText) else {
            throw .malformedHeader
        }
        guard sawV1 else { throw .noSignature }
        self.timestampText = timestampText
        self.timestamp = timestamp
        self.signatures = signatures
    }

    /// Lowercase or uppercase hex digits as bytes; nil when the text is not hex of even length.
    static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 48...57: digit - 48
        case 97...102: digit - 87
        case 65...70: digit - 55
        default: nil
        }
    }
}

