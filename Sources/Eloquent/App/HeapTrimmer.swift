import Synchronization
import Transcription
import UVCore

/// Hands freed heap back to the kernel once a burst of uploads is over. The heap keeps upload buffers for reuse
/// (`ProcessMemory.keepLargeBuffersInHeap`), so after 1000 uploads of 1 MiB the process held about 1.1 GB. The
/// upload budget reports each time it drains to zero; when the burst held at least `minimumPeak` bytes and no upload
/// has come `quiet` later, the heap is trimmed. Bursts that follow each other within `quiet` reuse the same pages (no
/// page fault per upload); an idle server gives them back within `quiet`. The periodic sweep trims through `sweep()`
/// under the same rule.
final class HeapTrimmer: Sendable {
    let minimumPeak: Int
    let quiet: Duration
    /// Gives the memory back (`ProcessMemory.releaseFree`; tests count the calls).
    private let release: @Sendable () -> Void
    private struct State {
        var peak = 0
        /// Drains seen; a scheduled trim goes ahead only if the drain that scheduled it is still the last.
        var drains = 0
        var lastDrain: ContinuousClock.Instant?
        var budget: UploadMemoryBudget?
    }
    private let state = Mutex(State())

    init(minimumPeak: Int = 64 << 20, quiet: Duration = .seconds(10),
         release: @escaping @Sendable () -> Void = { ProcessMemory.releaseFree() }) {
        self.minimumPeak = minimumPeak
        self.quiet = quiet
        self.release = release
    }

    /// The budget whose emptiness a trim checks.
    func watch(_ budget: UploadMemoryBudget) { state.withLock { $0.budget = budget } }

    /// The upload budget drained after holding `peak` bytes at most.
    func drained(peak: Int) {
        let (drain, due) = state.withLock { state in
            state.drains += 1
            state.lastDrain = .now
            state.peak = max(state.peak, peak)
            return (state.drains, state.peak >= minimumPeak)
        }
        guard due else { return }
        let quiet = quiet
        Task.detached(priority: .background) { [self] in
            try? await Task.sleep(for: quiet)
            let still = state.withLock { state in
                guard state.drains == drain, state.budget?.current ?? 0 == 0 else { return false }
                state.peak = 0
                return true
            }
            // malloc_trim walks every arena: on a background task, not on the loop that answered the last upload.
            if still { release() }
        }
    }

    /// The periodic sweep: trims unless uploads are in flight or ended less than `quiet` ago (their drain trims).
    func sweep() {
        let idle = state.withLock { state in
            state.budget?.current ?? 0 == 0 && (state.lastDrain.map { ContinuousClock.now - $0 >= quiet } ?? true)
        }
        if idle { release() }
    }
}
