/// The `ftyp` box that opens MP4-family files (ISO/IEC 14496-12): a major brand and a list
/// of compatible brands, which tell M4A audio from other MP4 files.
enum ISOBaseMediaBrand {
    private static let audioBrands: Set<String> = ["M4A ", "M4B ", "M4P ", "F4A ", "F4B "]
    private static let videoBrands: Set<String> = [
        "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9", "mp41", "mp42", "mp71",
        "avc1", "dash", "MSNV", "M4V ", "F4V ", "NDAS", "mmp4", "3gp4", "3gp5", "3gp6", "3g2a",
    ]
    /// Most `ftyp` bytes examined.
    private static let maxBoxLength = 1024

    /// `.m4a` or `.mp4` when the bytes start with an `ftyp` box naming a known brand.
    static func format(of reader: ByteReader) -> AudioFormat? {
        guard reader.matches("ftyp", at: 4), let declared = reader.uint32BE(at: 0), declared >= 16,
              let major = reader.ascii(at: 8, length: 4) else { return nil }
        var brands = [major]
        let end = min(reader.count, Int(min(declared, UInt32(maxBoxLength))))
        var offset = 16
        while offset + 4 <= end, let brand = reader.ascii(at: offset, length: 4) {
            brands.append(brand)
            offset += 4
        }
        for brand in brands {
            if audioBrands.contains(brand) { return .m4a }
            if videoBrands.contains(brand) { return .mp4 }
        }
        return nil
    }
}
