import Synchronization

/// Seconds held against users' monthly limits by transcriptions in flight on this instance (SPEC section 7): reserved
/// at admission, settled to the measured seconds at the end, released on failure, so that parallel requests can never
/// take a month past its limit.
///
/// The ledger is in-process: exact for one instance (the embedded default). Across instances it needs the store to
/// hold reservations (see the report of issue 12); until then each instance bounds only its own requests.
package final class UsageReservations: Sendable {
    private struct State {
        var held: [String: Double] = [:]
        /// Bumped whenever a user's charge moves from a reservation to the store: a check that read the store before
        /// the move must read it again.
        var generation: [String: UInt64] = [:]
        var nextID: UInt64 = 0
        /// Reservations not yet released: releasing one twice (a settlement that failed, then the failure path) must
        /// not give its seconds back twice.
        var live: Set<UInt64> = []
    }

    private let state = Mutex(State())

    package init() {}

    /// Seconds held for `userID` now.
    package func held(by userID: String) -> Double {
        state.withLock { $0.held[userID] ?? 0 }
    }

    /// The generation of `userID`'s charges, to be passed to ``reserve(_:seconds:limit:stored:generation:)``.
    func generation(of userID: String) -> UInt64 {
        state.withLock { $0.generation[userID] ?? 0 }
    }

    enum Outcome {
        case reserved(UsageReservation)
        /// The month's stored seconds plus what is held plus `seconds` would pass the limit; `committed` is the
        /// stored and held seconds.
        case refused(committed: Double)
        /// The stored figure was read before another request's settlement: read it again.
        case stale
    }

    /// Holds `seconds` for the user when `stored` (read at `generation`) plus what is held plus `seconds` stays within
    /// `limit`.
    func reserve(_ userID: String, seconds: Double, limit: Double, stored: Double, generation: UInt64) -> Outcome {
        state.withLock { state in
            guard (state.generation[userID] ?? 0) == generation else { return .stale }
            let held = state.held[userID] ?? 0
            guard stored + held + seconds <= limit else { return .refused(committed: stored + held) }
            state.held[userID] = held + seconds
            state.nextID += 1
            state.live.insert(state.nextID)
            return .reserved(UsageReservation(id: state.nextID, userID: userID, seconds: seconds))
        }
    }

    /// Drops `reservation` (after its charge, if any, reached the store).
    func release(_ reservation: UsageReservation) {
        state.withLock { state in
            guard state.live.remove(reservation.id) != nil else { return }
            let remaining = (state.held[reservation.userID] ?? 0) - reservation.seconds
            state.held[reservation.userID] = remaining > 1e-9 ? remaining : nil
            state.generation[reservation.userID, default: 0] &+= 1
        }
    }
}

/// Seconds one transcription holds against its user's month until it is settled or released.
package struct UsageReservation: Sendable, Equatable {
    let id: UInt64
    let userID: String
    package let seconds: Double
}
