@testable import Basics
import Testing

/// The one-line wire form of cache invalidations (what instances send each other through Redis): every event comes
/// back as itself, and anything else is refused rather than guessed at.
@Suite struct InvalidationWireTests {
    static let ids = [
        "1", "b3a1c2d4-0000-4000-8000-000000000001", "a:b", ":", "::", "u:1", "*", " ", "a b", "a\nb", "\r\n", "\n",
        "\u{0}", "x\u{0}y", "\u{FFFD}", "é", "日本語", "👩‍👩‍👧", String(repeating: "x", count: 100_000),
        String(repeating: ":", count: 1_000), String(decoding: [0xFF, 0xFE, 0xC3, 0x28, 0x80], as: UTF8.self),
    ]

    @Test(arguments: ids) func everyKindRoundTrips(_ id: String) {
        for event in [Invalidation.user(id), .usage(id), .token(id), .deletedUser(id)] {
            #expect(Invalidation(wire: event.wire) == event, "\(event.wire.prefix(40))")
        }
        #expect(Invalidation(wire: Invalidation.everything.wire) == .everything)
    }

    @Test func wireFormIsTheDocumentedOne() {
        #expect(Invalidation.user("42").wire == "u:42")
        #expect(Invalidation.usage("42").wire == "g:42")
        #expect(Invalidation.token("ab12").wire == "t:ab12")
        #expect(Invalidation.deletedUser("42").wire == "d:42")
        #expect(Invalidation.everything.wire == "*")
        // Everything after the kind's colon is the id, colons included.
        #expect(Invalidation(wire: "u:a:b:c") == .user("a:b:c"))
        #expect(Invalidation(wire: "t::") == .token(":"))
    }

    @Test(arguments: [
        "", "u", "u:", "g:", "t:", "d:", "x:1", "U:1", "G:1", "user:1", "u1", "uu:1", ":1", "::", " u:1", "\nu:1",
        "*x", "**", "* ", " *", "*\n", "\u{0}", "\u{0}:1", "é:1", "日:1", "\u{FFFD}:1", "ü",
        String(repeating: "x", count: 10_000), String(decoding: [0xFF, 0x3A, 0x31], as: UTF8.self),
    ]) func hostileLinesAreRefused(_ line: String) {
        #expect(Invalidation(wire: line) == nil)
    }

    /// An empty id has no wire form that decodes (`u:` is refused): no write should announce one.
    @Test func anEmptyIdDoesNotRoundTrip() {
        #expect(Invalidation.user("").wire == "u:")
        #expect(Invalidation(wire: Invalidation.user("").wire) == nil)
    }
}
