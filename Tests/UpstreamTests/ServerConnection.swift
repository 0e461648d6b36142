import Synchronization
import UVCore

/// One accepted connection of `TestServer`: parses requests (head, then `Content-Length` body) and answers by path:
/// `/echo` (body and `X-Test` header back), `/delay/MS/TAG` (body TAG after MS ms), `/never` (no answer),
/// `/truncate` (promises 100 bytes, sends 10, closes), `/big/N` (N bytes), `/close` (closes at once), `/respond-then-close` (a keep-alive
/// response, then the connection closes, as when a server's idle timeout strikes).
/// Loop-confined to the server's loop.
final class ServerConnection: TCPConnectionDelegate, @unchecked Sendable {
    private let connection: TCPConnection
    private let counts: SharedCounts
    private var pending: [UInt8] = []
    private var timer: LoopTimer?
    private var awaitingResponse = false
    /// Every live connection, so that the server can close them all (loop thread only).
    nonisolated(unsafe) private static var live: [ObjectIdentifier: ServerConnection] = [:]

    init(_ connection: TCPConnection, counts: SharedCounts) {
        self.connection = connection
        self.counts = counts
    }

    func begin() {
        Self.live[ObjectIdentifier(self)] = self
        connection.delegate = self
        connection.startReading()
    }

    static func closeAll() { for connection in live.values { connection.connection.close() } }

    func connectionDidRead(_ connection: TCPConnection) {
        pending += connection.buffer.take(connection.buffer.readableCount)
        processNext()
    }

    func connectionDidEnd(_ connection: TCPConnection, error: UVError?) { connection.close() }

    func connectionDidClose(_ connection: TCPConnection) {
        timer?.close()
        timer = nil
        let abandoned = awaitingResponse
        counts.state.withLock {
            $0.open -= 1
            $0.closed += 1
            if abandoned { $0.abandoned += 1 }
        }
        Self.live[ObjectIdentifier(self)] = nil
    }

    private func processNext() {
        guard !awaitingResponse, let request = TestRequest.parse(&pending) else { return }
        counts.state.withLock { $0.requests += 1; $0.lastRequestHead = request.head }
        awaitingResponse = true
        respond(to: request)
    }

    private func respond(to request: TestRequest) {
        let parts = request.path.split(separator: "/").map(String.init)
        switch parts.first ?? "" {
        case "echo":
            let headers = [("X-Method", request.method), ("X-Echo", request.header("x-test") ?? "")]
            send(200, headers: headers, body: request.body.isEmpty ? Array("hello".utf8) : request.body)
        case "delay":
            let delay = UInt64(parts.count > 1 ? parts[1] : "0") ?? 0
            let tag = parts.count > 2 ? parts[2] : "done"
            after(delay) { $0.send(200, body: Array(tag.utf8)) }
        case "never":
            break
        case "truncate":
            connection.write(Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789".utf8)) { [connection] _ in
                connection.close()
            }
        case "big":
            send(200, body: [UInt8](repeating: UInt8(ascii: "x"), count: Int(parts.count > 1 ? parts[1] : "0") ?? 0))
        case "close":
            connection.close()
        case "respond-then-close":
            send(200, body: Array("bye".utf8))
            connection.close()
        default:
            send(404, body: Array("not found".utf8))
        }
    }

    private func after(_ milliseconds: UInt64, _ body: @escaping (ServerConnection) -> Void) {
        do {
            let timer = try LoopTimer(loop: connection.loop)
            self.timer = timer
            timer.start(timeoutMs: milliseconds) { [self] in
                self.timer?.close()
                self.timer = nil
                body(self)
            }
        } catch {
            connection.close()
        }
    }

    private func send(_ status: Int, headers: [(String, String)] = [], body: [UInt8]) {
        guard !connection.isClosed else { return }
        var head = "HTTP/1.1 \(status) X\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        connection.write(Array((head + "\r\n").utf8) + body)
        awaitingResponse = false
        processNext()
    }
}
