@testable import Storage
import Testing

@Suite struct LikePatternTests {
    @Test func plainTextIsWrappedInWildcards() {
        #expect(LikePattern.contains("alice") == "%alice%")
    }

    @Test func wildcardsAndEscapeCharacterAreEscaped() {
        #expect(LikePattern.contains("100%") == "%100\\%%")
        #expect(LikePattern.contains("a_b") == "%a\\_b%")
        #expect(LikePattern.contains("back\\slash") == "%back\\\\slash%")
    }

    @Test func emptyTextMatchesEverything() {
        #expect(LikePattern.contains("") == "%%")
    }

    @Test func unicodeIsKeptIntact() {
        #expect(LikePattern.contains("é_🙂") == "%é\\_🙂%")
    }
}
