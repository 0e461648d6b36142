@testable import Basics
import Synchronization
@testable import Eloquent

/// A clock the test moves by hand.
final class IdentityManualClock: Sendable {
    private let seconds: Atomic<Int>

    init(_ start: Int = IdentityFixture.start) {
        seconds = Atomic(start)
    }

    var now: Int { seconds.load(ordering: .relaxed) }

    func advance(by delta: Int) {
        seconds.add(delta, ordering: .relaxed)
    }

    var epochClock: EpochClock {
        EpochClock { [self] in now }
    }
}
