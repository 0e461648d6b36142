import Synchronization
import Testing
@testable import Transcription
@testable import Eloquent

/// The upload budget reports each drain to zero with the most it held since the last one (what `HeapTrimmer` decides
/// on): once per burst, not per upload.
@Suite struct UploadMemoryBudgetTests {
    @Test func aDrainReportsTheBurstsHighWaterMarkOnce() {
        let drains = Mutex<[Int]>([])
        let budget = UploadMemoryBudget(limit: 100) { peak in drains.withLock { $0.append(peak) } }
        #expect(budget.tryReserve(30))
        #expect(budget.tryReserve(50))
        budget.release(30)
        #expect(budget.tryReserve(10))  // 60 held: below the 80 already reached
        #expect(!budget.tryReserve(41))  // refused: the refusal does not move the mark
        budget.release(50)
        #expect(drains.withLock { $0 }.isEmpty)
        budget.release(10)
        #expect(drains.withLock { $0 } == [80])
        #expect(budget.tryReserve(5))
        budget.release(5)
        #expect(drains.withLock { $0 } == [80, 5])  // the next burst starts from zero
        #expect(budget.current == 0)
        #expect(budget.refusedTotal == 1)
    }
}

/// The periodic sweep trims only when no upload is in flight and none ended within the quiet period.
@Suite struct HeapTrimmerSweepTests {
    @Test func theSweepWaitsForUploadsToBeOverAndQuiet() {
        let trims = Atomic<Int>(0)
        let trimmer = HeapTrimmer(minimumPeak: 1 << 40, quiet: .seconds(3600)) { trims.add(1, ordering: .relaxed) }
        let budget = UploadMemoryBudget(limit: 100) { trimmer.drained(peak: $0) }
        trimmer.watch(budget)
        trimmer.sweep()
        #expect(trims.load(ordering: .relaxed) == 1)  // nothing ever uploaded: the sweep trims as it always did
        #expect(budget.tryReserve(10))
        trimmer.sweep()
        #expect(trims.load(ordering: .relaxed) == 1)  // an upload in flight
        budget.release(10)
        trimmer.sweep()
        #expect(trims.load(ordering: .relaxed) == 1)  // one just ended: its pages may serve the next burst
    }
}
