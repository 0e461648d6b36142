import Synchronization

/// At most `limit` transcriptions in flight (`MAX_CONCURRENT_REQUESTS`); beyond it a request is refused before its
/// body is read.
package final class AdmissionGate: Sendable {
    let limit: Int
    private let inFlight = Atomic<Int>(0)
    private let refused = Atomic<Int>(0)

    package init(limit: Int) { self.limit = limit }

    /// Takes a slot, or returns false when all are taken.
    func tryEnter() -> Bool {
        if inFlight.add(1, ordering: .acquiringAndReleasing).newValue > limit {
            inFlight.subtract(1, ordering: .acquiringAndReleasing)
            refused.add(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func leave() { inFlight.subtract(1, ordering: .acquiringAndReleasing) }

    package var current: Int { inFlight.load(ordering: .relaxed) }
    package var refusedTotal: Int { refused.load(ordering: .relaxed) }
}
