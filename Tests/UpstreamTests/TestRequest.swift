/// A request as the test server parsed it.
struct TestRequest {
    var method: String
    var path: String
    var head: String
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }

    /// Takes one complete request off the front of `buffer`, or returns nil when more bytes are needed.
    static func parse(_ buffer: inout [UInt8]) -> TestRequest? {
        let end = Array("\r\n\r\n".utf8)
        guard let headEnd = buffer.firstRange(of: end)?.upperBound else { return nil }
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        let lines = head.split(separator: "\r\n").map(String.init)
        let requestLine = lines.first?.split(separator: " ").map(String.init) ?? []
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingPrefix(" ").description))
        }
        let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        guard buffer.count >= headEnd + length else { return nil }
        let body = Array(buffer[headEnd..<(headEnd + length)])
        buffer.removeFirst(headEnd + length)
        return TestRequest(method: requestLine.first ?? "", path: requestLine.count > 1 ? requestLine[1] : "",
                           head: head, headers: headers, body: body)
    }
}
