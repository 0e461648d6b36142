import Testing
import Synchronization
import Dispatch
@testable import UVCore

@Suite struct EventLoopTests {
    /// Starts a loop, runs `body`, stops it and returns `uv_loop_close`'s result (0: no handle leaked).
    func withLoop(_ body: (EventLoop) async throws -> Void) async throws -> Int32 {
        let loop = try EventLoop(name: "test-loop")
        loop.start()
        try await body(loop)
        loop.stop()
        return loop.join()
    }

    @Test func tasksPreferringTheLoopRunOnItsThread() async throws {
        let result = try await withLoop { loop in
            let onLoop = await Task(executorPreference: loop) { () async -> Bool in
                await Task.yield()
                return loop.inEventLoop
            }.value
            #expect(onLoop)
            #expect(!loop.inEventLoop)  // the test's own thread is not the loop
        }
        #expect(result == 0)
    }

    @Test func executeFromManyThreadsRunsEverythingInOrderPerThread() async throws {
        let result = try await withLoop { loop in
            let seen = Mutex<[Int: [Int]]>([:])
            let done = DispatchSemaphore(value: 0)
            let threads = 4, perThread = 500
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                for index in 0..<perThread {
                    loop.execute {
                        precondition(loop.inEventLoop)
                        seen.withLock { $0[thread, default: []].append(index) }
                        if index == perThread - 1 { done.signal() }
                    }
                }
            }
            for _ in 0..<threads { done.wait() }
            let all = seen.withLock { $0 }
            #expect(all.count == threads)
            #expect(all.values.allSatisfy { $0 == Array(0..<perThread) })
        }
        #expect(result == 0)
    }

    @Test func timersFireAndCloseWithoutLeaking() async throws {
        let result = try await withLoop { loop in
            let fired = Mutex(0)
            let done = DispatchSemaphore(value: 0)
            try loop.submitAndWait {
                let timer = try LoopTimer(loop: loop)
                timer.start(timeoutMs: 5, repeatMs: 5) {
                    let count = fired.withLock { $0 += 1; return $0 }
                    if count == 3 {
                        timer.close()
                        done.signal()
                    }
                }
            }
            done.wait()
            #expect(fired.withLock { $0 } == 3)
        }
        #expect(result == 0)
    }

    @Test func aLeakedHandleIsReportedByJoin() async throws {
        let loop = try EventLoop(name: "leaky")
        loop.start()
        try loop.submitAndWait { _ = try LoopTimer(loop: loop) }  // never closed, never started: still a handle
        loop.stop()
        // uv_run returns once the wake-up handles are closed (an inactive timer keeps nothing running), and
        // uv_loop_close must then refuse: the leak is visible.
        #expect(loop.join() != 0)
    }
}
