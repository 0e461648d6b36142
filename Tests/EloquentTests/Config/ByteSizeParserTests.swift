import Eloquent
import Testing

@Suite struct ByteSizeParserTests {
    @Test(arguments: [
        ("0", 0), ("1048576", 1_048_576), ("1024B", 1024), ("1K", 1024), ("1k", 1024), ("1KiB", 1024),
        ("1kib", 1024), ("1KB", 1000), ("1kb", 1000), ("25MiB", 26_214_400), ("25M", 26_214_400), ("25MB", 25_000_000),
        ("2G", 2_147_483_648), ("2GiB", 2_147_483_648), ("2GB", 2_000_000_000), ("1T", 1 << 40), ("3TB", 3_000_000_000_000),
        ("512 KiB", 524_288), ("9223372036854775807", Int.max), ("8388607T", 8_388_607 << 40),
    ])
    func accepts(text: String, expected: Int) {
        #expect(ByteSizeParser.parse(text) == expected)
    }

    @Test(arguments: [
        "", " ", "K", "MiB", "-1", "-1K", "+1K", "1.5M", "1,000", "1_000", "1 000", "1KiBs", "1Kb/s", "1PB", "1X",
        "0x10", "9223372036854775808", "8388608T", "99999999999999999999", "1e6", " 1K", "1K ", "١K",
        String(repeating: "9", count: 100),
    ])
    func refuses(text: String) {
        #expect(ByteSizeParser.parse(text) == nil, "\(text)")
    }
}
