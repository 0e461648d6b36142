import Glibc
import Synchronization
import Testing
import UVCore

extension UpstreamLive {
    @Suite struct FDWatcherBehaviour {
        @Test func reportsReadabilityRefusesADuplicateAndClosesCleanly() throws {
            let loop = try EventLoop(name: "fdwatcher-test")
            loop.start()
            var fds: [Int32] = [0, 0]
            #expect(pipe(&fds) == 0)
            let seen = Mutex<[FDWatcher.Events]>([])
            let readFD = fds[0]
            let watcher = try loop.submitAndWait {
                let watcher = try FDWatcher(loop: loop, fd: readFD)
                try watcher.start(.readable) { events, error in
                    #expect(error == nil)
                    var byte: UInt8 = 0
                    _ = read(readFD, &byte, 1)  // drain, or level-triggered readiness fires again
                    seen.withLock { $0.append(events) }
                }
                return watcher
            }
            let duplicate = try loop.submitAndWait { () -> Bool in
                do { _ = try FDWatcher(loop: loop, fd: readFD); return false } catch let error as UVError { return error.name == "EEXIST" }
            }
            #expect(duplicate, "a second watcher on an actively watched descriptor must be refused")
            var byte: UInt8 = 1
            #expect(write(fds[1], &byte, 1) == 1)
            for _ in 0..<1000 where seen.withLock({ $0.isEmpty }) { usleep(5_000) }
            #expect(seen.withLock { $0 } == [.readable])
            try loop.submitAndWait {
                watcher.stop()
                watcher.close()
                #expect(watcher.isClosed)
            }
            close(fds[0])
            close(fds[1])
            loop.stop()
            #expect(loop.join() == 0)
        }
    }
}
