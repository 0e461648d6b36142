import Synchronization

/// A counter shared between jobs and the test, remembering its highest value.
final class Tally: Sendable {
    private let value = Mutex((current: 0, highest: 0, total: 0))

    func enter() {
        value.withLock {
            $0.current += 1
            $0.total += 1
            $0.highest = max($0.highest, $0.current)
        }
    }

    func leave() { value.withLock { $0.current -= 1 } }

    var highest: Int { value.withLock { $0.highest } }
    var total: Int { value.withLock { $0.total } }
}
