@testable import Basics
import Testing

@Suite struct RFC3339Tests {
    @Test func formatsKnownInstants() {
        #expect(RFC3339.format(seconds: 0, milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.format(seconds: 784_111_777, milliseconds: 7) == "1994-11-06T08:49:37.007Z")
        #expect(RFC3339.format(seconds: 951_782_400, milliseconds: 999) == "2000-02-29T00:00:00.999Z")
        #expect(RFC3339.format(seconds: 1_795_939_199, milliseconds: 120) == "2026-11-29T07:59:59.120Z")
        #expect(RFC3339.format(seconds: -1, milliseconds: 0) == "1969-12-31T23:59:59.000Z")
    }
}
