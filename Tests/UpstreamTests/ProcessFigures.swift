import Glibc
import Synchronization

struct ProcFileError: Error {}

/// Reads a small text file such as /proc/self/status.
func readProcFile(_ path: String) throws -> String {
    guard let file = fopen(path, "r") else { throw ProcFileError() }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        if count <= 0 { break }
        bytes += chunk[..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// The server's counters, shared between its loop and the tests.
final class SharedCounts: Sendable {
    let state = Mutex(TestServer.Counts())
}
