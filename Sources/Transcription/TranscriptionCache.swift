import Basics
import Synchronization

/// Finished transcriptions by audio hash plus every parameter that changes the answer. Entries live
/// `TRANSCRIPTION_CACHE_TTL`; the cache is bounded in bytes (oldest entries go first). A hit never calls the provider.
package final class TranscriptionCache: Sendable {
    struct Entry: Sendable {
        var result: TranscriptionResult
        var expiresAt: UInt64
        var bytes: Int
        var order: UInt64
    }

    struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var nextOrder: UInt64 = 0
        var hits = 0
        var misses = 0
    }

    /// Upper bound of the cache's size in bytes (text and verbose JSON), a named default.
    static let defaultMaxBytes = 64 << 20

    let ttlNanos: UInt64
    let maxBytes: Int
    private let state = Mutex(State())

    package init(ttl: Duration, maxBytes: Int = TranscriptionCache.defaultMaxBytes) {
        ttlNanos = ttl.clampedNanoseconds
        self.maxBytes = maxBytes
    }

    var isEnabled: Bool { ttlNanos > 0 && maxBytes > 0 }

    func lookup(_ key: String) -> TranscriptionResult? {
        guard isEnabled else { return nil }
        let now = SystemClock.monotonicNanos()
        return state.withLock { state in
            guard let entry = state.entries[key] else { state.misses += 1; return nil }
            if entry.expiresAt <= now {
                state.entries[key] = nil
                state.bytes -= entry.bytes
                state.misses += 1
                return nil
            }
            state.hits += 1
            return entry.result
        }
    }

    func store(_ key: String, _ result: TranscriptionResult) {
        guard isEnabled else { return }
        let size = key.utf8.count + result.approximateBytes
        guard size <= maxBytes else { return }
        let now = SystemClock.monotonicNanos()
        state.withLock { state in
            if let old = state.entries[key] { state.bytes -= old.bytes }
            state.nextOrder += 1
            state.entries[key] = Entry(result: result, expiresAt: now + ttlNanos, bytes: size, order: state.nextOrder)
            state.bytes += size
            guard state.bytes > maxBytes else { return }
            // Expired entries first, then the oldest, until the bound holds.
            for (k, e) in state.entries where e.expiresAt <= now {
                state.entries[k] = nil
                state.bytes -= e.bytes
            }
            if state.bytes > maxBytes {
                for (k, e) in state.entries.sorted(by: { $0.value.order < $1.value.order }) {
                    guard state.bytes > maxBytes else { break }
                    state.entries[k] = nil
                    state.bytes -= e.bytes
                }
            }
        }
    }

    package var stats: (entries: Int, bytes: Int, hits: Int, misses: Int) {
        state.withLock { ($0.entries.count, $0.bytes, $0.hits, $0.misses) }
    }
}
