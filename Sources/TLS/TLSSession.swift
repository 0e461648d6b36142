internal import COpenSSL

/// One server-side TLS connection over memory buffers: ciphertext from the socket goes in with `feed`, plaintext
/// comes out of `read`; plaintext to send goes in with `write`, ciphertext for the socket comes out of
/// `takeOutput`. No socket and no thread of its own: the caller (the connection's loop) moves the bytes.
public final class TLSSession {
    let ssl: OpaquePointer
    let input: OpaquePointer
    let output: OpaquePointer

    /// What `read` found.
    public enum ReadResult: Sendable, Equatable {
        /// `count` plaintext bytes were written (0: more ciphertext is needed).
        case bytes(Int)
        /// The peer sent close_notify: no more plaintext will come.
        case closed
    }

    init(context: OpaquePointer) throws(TLSError) {
        openssl.ERR_clear_error()
        guard let ssl = openssl.SSL_new(context) else { throw TLSError.fromQueue("SSL_new") }
        guard let input = openssl.BIO_new(openssl.BIO_s_mem()), let output = openssl.BIO_new(openssl.BIO_s_mem()) else {
            openssl.SSL_free(ssl)
            throw TLSError.fromQueue("BIO_new")
        }
        // An empty input BIO means "wait for more", not end of file.
        _ = eloquent_BIO_set_mem_eof_return(openssl.BIO_ctrl, input, -1)  // always succeeds on a memory BIO
        openssl.SSL_set_bio(ssl, input, output)  // the SSL object owns both BIOs from here on
        openssl.SSL_set_accept_state(ssl)
        self.ssl = ssl
        self.input = input
        self.output = output
    }

    deinit { openssl.SSL_free(ssl) }

    /// Ciphertext received from the peer.
    public func feed(_ bytes: UnsafeRawBufferPointer) throws(TLSError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let written = openssl.BIO_write(input, base, Int32(bytes.count))
        if written != Int32(bytes.count) { throw TLSError.fromQueue("BIO_write") }
    }

    /// True when received bytes wait here (ciphertext not yet decrypted, or decrypted bytes not yet read).
    public var hasBufferedInput: Bool { openssl.BIO_ctrl_pending(input) > 0 || openssl.SSL_pending(ssl) > 0 }

    /// Decrypts into `buffer` (running the handshake first as needed).
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(TLSError) -> ReadResult {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return .bytes(0) }
        openssl.ERR_clear_error()
        var count = 0
        if openssl.SSL_read_ex(ssl, base, buffer.count, &count) == 1 { return .bytes(count) }
        switch openssl.SSL_get_error(ssl, 0) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .bytes(0)
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        default:
            throw TLSError.fromQueue(isHandshakeComplete ? "SSL_read" : "TLS handshake")
        }
    }

    /// Encrypts `bytes` (all of them: the output buffer is memory and never refuses).
    public func write(_ bytes: [UInt8]) throws(TLSError) {
        guard !bytes.isEmpty else { return }
        openssl.ERR_clear_error()
        var written = 0
        let ok = bytes.withUnsafeBytes { raw in openssl.SSL_write_ex(ssl, raw.baseAddress!, raw.count, &written) == 1 }
        if !ok || written != bytes.count { throw TLSError.fromQueue("SSL_write") }
    }

    /// Queues close_notify.
    public func close() {
        openssl.ERR_clear_error()
        _ = openssl.SSL_shutdown(ssl)  // 0 or 1 both mean close_notify is queued; an error only means it cannot be sent
        openssl.ERR_clear_error()
    }

    /// Ciphertext to send to the peer (handshake messages, records, alerts); empty when there is none.
    public func takeOutput() -> [UInt8] {
        let pending = Int(openssl.BIO_ctrl_pending(output))
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        let count = openssl.BIO_read(output, &bytes, Int32(pending))
        return count > 0 ? Array(bytes[..<Int(count)]) : []
    }

    public var isHandshakeComplete: Bool { openssl.SSL_is_init_finished(ssl) == 1 }

    /// The protocol chosen by ALPN ("h2", "http/1.1"), or nil.
    public var negotiatedProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        openssl.SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }
}
