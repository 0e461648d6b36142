import Glibc

/// nginx serving HTTPS with HTTP/2 on 127.0.0.1 with a fresh self-signed certificate, in a temporary directory.
/// `GET /` answers `h2 ok`; the access log records each request's protocol and connection number.
final class TLSServer {
    static var available: Bool { access("/usr/sbin/nginx", X_OK) == 0 && access("/usr/bin/openssl", X_OK) == 0 }

    let directory: String
    let port: Int
    private let process: ChildProcess

    var certificatePath: String { directory + "/cert.pem" }
    var url: String { "https://127.0.0.1:\(port)/" }

    init() async throws {
        var template = Array("/tmp/upstream-tls-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ChildProcessError(description: "mkdtemp failed") }
        directory = String(cString: made)
        try ChildProcess.run(["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                              "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem", "-subj", "/CN=localhost",
                              "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        let probe = try TestServer()  // borrow a free port
        port = probe.port
        _ = probe.stop()
        try Self.writeConfiguration(directory: directory, port: port)
        process = try ChildProcess(["/usr/sbin/nginx", "-p", directory, "-c", directory + "/nginx.conf",
                                    "-e", directory + "/error.log"])
        let port = port
        guard await eventually({ Self.accepts(port: port) }) else {
            process.terminate()
            throw ChildProcessError(description: "nginx did not start")
        }
    }

    /// Lines of the access log: "HTTP/2.0 <connection>" per request.
    func accessLog() throws -> [String] {
        try readProcFile(directory + "/access.log").split(separator: "\n").map(String.init)
    }

    func stop() {
        process.terminate()
        _ = try? ChildProcess.run(["/bin/rm", "-rf", directory])
    }

    private static func writeConfiguration(directory: String, port: Int) throws {
        let text = """
        daemon off;
        master_process off;
        worker_processes 1;
        pid \(directory)/nginx.pid;
        events { worker_connections 512; }
        http {
            log_format proto '$server_protocol $connection';
            access_log \(directory)/access.log proto;
            client_body_temp_path \(directory)/body;
            proxy_temp_path \(directory)/proxy;
            fastcgi_temp_path \(directory)/fastcgi;
            uwsgi_temp_path \(directory)/uwsgi;
            scgi_temp_path \(directory)/scgi;
            server {
                listen 127.0.0.1:\(port) ssl http2;
                ssl_certificate \(directory)/cert.pem;
                ssl_certificate_key \(directory)/key.pem;
                location / { return 200 "h2 ok"; }
            }
        }

        """
        guard let file = fopen(directory + "/nginx.conf", "w") else { throw ChildProcessError(description: "cannot write nginx.conf") }
        defer { fclose(file) }
        guard fputs(text, file) >= 0 else { throw ChildProcessError(description: "cannot write nginx.conf") }
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
