import Eloquent
import Testing

@Suite struct DurationParserTests {
    @Test(arguments: [
        ("15s", Duration.seconds(15)), ("500ms", .milliseconds(500)), ("15m", .seconds(900)),
        ("1h", .seconds(3600)), ("1h30m", .seconds(5400)), ("2h45m30.5s", .milliseconds(9_930_500)),
        ("30", .seconds(30)), ("0", .zero), ("007", .seconds(7)), ("0s", .zero), ("1.5s", .milliseconds(1500)),
        (".5s", .milliseconds(500)), ("1.s", .seconds(1)), ("250us", .microseconds(250)), ("250µs", .microseconds(250)),
        ("250μs", .microseconds(250)), ("42ns", .nanoseconds(42)), ("1m1m", .seconds(120)),
        ("2562047h", .seconds(2_562_047 * 3600)), ("9223372036", .seconds(9_223_372_036)),
        ("9223372036854775807ns", .nanoseconds(Int64.max)),
    ])
    func accepts(text: String, expected: Duration) {
        #expect(DurationParser.parse(text) == expected)
    }

    @Test(arguments: [
        "", " ", "s", "ms", "h1", "-1s", "-5", "+5s", "5 s", " 5s", "5s ", "1.5", "1.2.3s", ".", ".s", "5x", "5S", "5sec",
        "1d", "5s5", "1e3s", "0x10s", "9223372037", "2562048h", "9223372036854775808ns", "99999999999999999999s",
        "9223372036854775807ns1ns", String(repeating: "1", count: 100) + "s", "1h-30m", "٣s", "５s", "NaNs", "infs",
    ])
    func refuses(text: String) {
        #expect(DurationParser.parse(text) == nil, "\(text)")
    }
}
