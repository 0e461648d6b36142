import Synchronization

/// `UPLOAD_MEMORY_LIMIT`: the upload bytes the server holds at once. An upload reserves its declared length (the
/// largest allowed body when chunked) before its body is read and releases it once answered; when the reservation
/// does not fit, the upload is refused with 503 + `Retry-After` before its body is read. This, not
/// `MAX_CONCURRENT_REQUESTS`, is what bounds memory while bodies stream in: a transcription slot is taken only once
/// a body is complete.
package final class UploadMemoryBudget: Sendable {
    package let limit: Int
    private let reserved = Atomic<Int>(0)
    private let refused = Atomic<Int>(0)

    package init(limit: Int) { self.limit = limit }

    /// Reserves `bytes`, or returns false (counting a refusal) when they do not fit.
    func tryReserve(_ bytes: Int) -> Bool {
        var current = reserved.load(ordering: .relaxed)
        while true {
            guard bytes <= limit - current else {
                refused.add(1, ordering: .relaxed)
                return false
            }
            let (exchanged, original) = reserved.compareExchange(expected: current, desired: current + bytes,
                                                                 ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
    }

    func release(_ bytes: Int) { reserved.subtract(bytes, ordering: .acquiringAndReleasing) }

    package var current: Int { reserved.load(ordering: .relaxed) }
    package var refusedTotal: Int { refused.load(ordering: .relaxed) }
}
