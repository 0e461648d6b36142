/// A weight from an HTTP `;q=` parameter (RFC 9110 §12.4.2), in thousandths: 0…1000.
enum QValue {
    /// Parses all of `bytes[range]` as `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`;
    /// nil for anything else (values above 1, a fourth decimal, signs, letters, empty).
    static func parse(_ bytes: Span<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        let lead = bytes[range.lowerBound]
        guard lead == UInt8(ascii: "0") || lead == UInt8(ascii: "1") else { return nil }
        var index = range.lowerBound + 1
        var thousandths = lead == UInt8(ascii: "1") ? 1000 : 0
        guard index < range.upperBound else { return thousandths }
        guard bytes[index] == UInt8(ascii: ".") else { return nil }
        index += 1
        let decimals = range.upperBound - index
        guard decimals <= 3 else { return nil }
        var scale = 100
        while index < range.upperBound {
            let byte = bytes[index]
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            thousandths += Int(byte - UInt8(ascii: "0")) * scale
            scale /= 10
            index += 1
        }
        return thousandths <= 1000 ? thousandths : nil
    }
}
