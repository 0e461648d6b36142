import Synchronization
import Logging
import HTTP1
import HTTP2
import UVCore

/// The hand-over from HTTP/1.1 to HTTP/2 on the same port: a connection that opens with the HTTP/2 preface (prior
/// knowledge, or ALPN `h2` over TLS), or whose first request asks for `Upgrade: h2c` (RFC 7540 §3.2).
extension HTTPConnection {
    static let http2Preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    /// Before the first request: true when the buffered bytes are the HTTP/2 preface (the connection is handed over)
    /// or a prefix of it (wait for more). The HTTP/1 parser must not see them in either case.
    func handOverIfHTTP2Preface() -> Bool {
        guard requestCount == 0, config.http2Enabled, http2 == nil else { return false }
        let preface = Self.http2Preface
        let (matches, complete) = tcp.buffer.withReadableBytes { bytes -> (Bool, Bool) in
            let count = min(bytes.count, preface.count)
            for index in 0..<count where bytes[index] != preface[index] { return (false, false) }
            return (true, count == preface.count)
        }
        guard matches else { return false }
        if complete { switchToHTTP2(upgrade: nil) }
        return true
    }

    /// For a request that asks for `Upgrade: h2c` with a valid `HTTP2-Settings` and no body: answers 101 and
    /// continues as HTTP/2 with the request as stream 1. Returns false to serve it as HTTP/1.1 instead.
    func upgradeToHTTP2IfAsked(_ head: RequestHead) -> Bool {
        guard config.http2Enabled, http2 == nil, tcp.streamFilter == nil,  // h2c is cleartext only
              head.version == .http1_1, head.framing == .none,
              let upgrade = head.headers["upgrade"],
              upgrade.split(separator: ",").contains(where: { $0.trimmingSpaces.lowercased() == "h2c" }),
              let connection = head.headers["connection"]?.lowercased(),
              connection.contains("upgrade"), connection.contains("http2-settings"),
              head.headers.values("http2-settings").count == 1,
              let settings = HTTP2Session.decodeSettingsHeader(head.headers["http2-settings"]!)
        else { return false }
        server.stats.http2Upgrades.add(1, ordering: .relaxed)
        let switching = Array("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n".utf8)
        server.stats.bytesOut.add(switching.count, ordering: .relaxed)
        // The HTTP/2 side pulls its frames only while no write is pending: resume it from this one's completion.
        tcp.write(switching) { [self] error in
            if error != nil { return close() }
            http2?.flush()
        }
        switchToHTTP2(upgrade: (head, settings))
        return true
    }

    private func switchToHTTP2(upgrade: (head: RequestHead, settings: [UInt8])?) {
        setDeadline(.none, after: .zero)
        do {
            let connection = try HTTP2Connection(owner: self, upgrade: upgrade)
            http2 = connection
            state = .http2
            connection.processInput()  // the preface included: nghttp2 checks it itself
            if closeAfterResponse { connection.drain() }  // the server began draining before the hand-over
        } catch {
            server.logger.warning("HTTP/2 session could not start", metadata: ["error": "\(error)"])
            close()
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
