@testable import Eloquent
import Testing

@Suite struct RequestIDTests {
    @Test func requestIDsAreUniqueHex() {
        let ids = (0..<1000).map { _ in RequestID.generate() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }
}
