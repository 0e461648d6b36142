internal import Glibc
internal import CLibUV

/// A plain pthread running one closure; the event loop's thread.
final class LoopThread: @unchecked Sendable {
    private var thread = pthread_t()
    private let name: String
    private let body: () -> Void

    init(name: String, body: @escaping () -> Void) {
        self.name = String(name.prefix(15))
        self.body = body
        let box = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&thread, nil, loopThreadEntry, box)
        precondition(rc == 0, "pthread_create failed: \(rc)")
    }

    fileprivate func run() {
        _ = uvcore_set_thread_name(name)  // best effort: the name only helps debugging
        body()
    }

    /// Waits for the thread to finish.
    func join() {
        let rc = pthread_join(thread, nil)
        precondition(rc == 0, "pthread_join failed: \(rc)")
    }
}

private func loopThreadEntry(_ arg: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let thread = Unmanaged<LoopThread>.fromOpaque(arg!).takeRetainedValue()
    thread.run()
    return nil
}
