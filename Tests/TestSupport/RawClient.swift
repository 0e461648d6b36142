import Foundation
import Glibc

/// A blocking TCP client over real sockets for live tests: sends raw bytes, reads raw HTTP/1.1 responses.
public final class RawClient {
    public let fd: Int32
    private var pending: [UInt8] = []

    public struct ClientError: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Reply {
        public var status: Int
        public var reason: String
        public var headers: [(String, String)]
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    public init(port: Int, timeoutSeconds: Int = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket: \(errno)") }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        // No close here: a throw after `fd` is set still runs `deinit`, which closes it. Closing it here as well closed
        // the descriptor twice, the second time after another thread of the test process had been given the same
        // number (a server's listener or a client's socket elsewhere: ENOTSOCK, connections cut with nothing sent).
        guard rc == 0 else { throw ClientError(description: "connect: \(errno)") }
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }  // a signal (SIGCHLD of a child server) is no failure
            guard n > 0 else { throw ClientError(description: "send failed: errno \(errno)") }
            offset += n
        }
    }

    /// Closes the sending side (the server sees EOF).
    public func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Sets SO_LINGER 0 so that close sends a reset.
    public func abort() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }

    /// Reads more bytes; returns false at EOF (or on reset).
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        var n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        // A signal (SIGCHLD when a test's child server exits) interrupts the wait: wait again.
        while n < 0, errno == EINTR { n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) } }
        if n > 0 { pending += chunk[0..<n]; return true }
        if n == 0 { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError(description: "timed out waiting for the server") }
        if errno == ECONNRESET { return false }
        throw ClientError(description: "recv failed: errno \(errno)")
    }

    /// True when the server closed the connection (EOF or reset) before sending anything more.
    public func isClosedByServer() throws -> Bool {
        if !pending.isEmpty { return false }
        return try !fill()
    }

    /// Reads one response (a `100 Continue` counts as one). `headRequest`: no body follows.
    public func readReply(headRequest: Bool = false) throws -> Reply {
        var end: Int?
        while end == nil {
            end = findHeadEnd()
            if end == nil, try !fill() { throw ClientError(description: "connection closed before a response head (\(pending.count) bytes)") }
        }
        let headText = String(decoding: pending[0..<end!], as: UTF8.self)
        pending.removeFirst(end! + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2).map(String.init)
        guard statusLine.count >= 2, statusLine[0] == "HTTP/1.1", let status = Int(statusLine[1]) else {
            throw ClientError(description: "bad status line: \(statusLine)")
        }
        let headers = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        var reply = Reply(status: status, reason: statusLine.count > 2 ? statusLine[2] : "", headers: headers, body: [])
        if headRequest || status < 200 || status == 204 || status == 304 { return reply }
        if let length = reply.header("Content-Length").flatMap({ Int($0) }) {
            while pending.count < length {
                if try !fill() { throw ClientError(description: "body truncated") }
            }
            reply.body = Array(pending[0..<length])
            pending.removeFirst(length)
        } else {
            while try fill() {}
            reply.body = pending
            pending = []
        }
        return reply
    }

    private func findHeadEnd() -> Int? {
        guard pending.count >= 4 else { return nil }
        for i in 0...(pending.count - 4) where pending[i] == 13 && pending[i + 1] == 10 && pending[i + 2] == 13 && pending[i + 3] == 10 {
            return i
        }
        return nil
    }
}
