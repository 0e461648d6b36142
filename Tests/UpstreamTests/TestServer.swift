import Synchronization
import UVCore

/// A small HTTP/1.1 server of the tests' own on 127.0.0.1, on its own event loop, with keep-alive. The path picks
/// the behaviour (see `ServerConnection.respond`). It counts connections so tests can see reuse and limits.
final class TestServer: Sendable {
    struct Counts: Sendable {
        var accepted = 0
        var open = 0
        var maxOpen = 0
        var requests = 0
        /// Connections the client closed while a delayed or never-answered response was still pending.
        var abandoned = 0
        var closed = 0
        var lastRequestHead = ""
    }

    let loop: EventLoop
    let port: Int
    let counts = SharedCounts()
    private let listener: TCPListener

    init() throws {
        loop = try EventLoop(name: "test-server")
        loop.start()
        let loop = loop
        listener = try loop.submitAndWait { try TCPListener(loop: loop, host: "127.0.0.1", port: 0, readBufferMax: 1 << 20) }
        port = listener.port
        let listener = listener
        let counts = counts
        try loop.submitAndWait {
            try listener.listen { connection in
                counts.state.withLock {
                    $0.accepted += 1
                    $0.open += 1
                    $0.maxOpen = max($0.maxOpen, $0.open)
                }
                ServerConnection(connection, counts: counts).begin()
            }
        }
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    var snapshot: Counts { counts.state.withLock { $0 } }

    /// Closes the listener, every connection and timer, stops the loop; returns `uv_loop_close`'s result.
    func stop() -> Int32 {
        let listener = listener
        loop.execute {
            listener.close()
            ServerConnection.closeAll()
        }
        loop.stop()
        return loop.join()
    }
}
