import TestSupport
import HTTP1
import Testing

/// Bounded random-input tests: hostile bytes must only ever produce complete, incomplete or a failure with one of
/// the documented statuses, and splitting the input must not change the outcome.
@Suite struct RobustnessTests {
    static let allowedStatuses: Set<Int> = [400, 417, 431, 501, 505]

    static let heads: [[UInt8]] = [
        request("GET /a/b?c=d HTTP/1.1", "Host: example.com", "Accept: */*", "Connection: close"),
        request("POST /upload HTTP/1.1", "Host: h", "Content-Length: 5", "Expect: 100-continue") + "hello",
        request("PUT /c HTTP/1.1", "Host: h", "Transfer-Encoding: gzip, chunked"),
        request("GET http://h:80/x?y HTTP/1.0", "Connection: keep-alive", "X: caf\u{E9}"),
        request("OPTIONS * HTTP/1.1", "Host: h", "Content-Length: 1, 1"),
        "\r\n" + request("CONNECT h:443 HTTP/1.1", "Host: h:443"),
    ].map { Array($0.utf8) }

    static let bodies: [[UInt8]] = [
        "5\r\nhello\r\n6 ; a = b ; c\r\n world\r\n0\r\nX: y\r\n\r\n",
        "3;q=\"a\\\"b\"\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n",
    ].map { Array($0.utf8) }

    @Test func mutatedHeadsNeverCrashAndSplittingDoesNotMatter() {
        var mutator = Mutator(generator: SplitMix64(seed: 0x00C0_FFEE))
        var outcomes = [0, 0, 0]
        for iteration in 0..<20_000 {
            let input = iteration % 10 == 9
                ? mutator.randomBytes(maxCount: 120)
                : mutator.mutate(Self.heads[iteration % Self.heads.count])
            let maxBytes = iteration % 3 == 0 ? 64 : 8192
            let oneShot = parseHead(input, maxHeaderBytes: maxBytes)
            switch oneShot {
            case .incomplete:
                outcomes[0] += 1
            case .complete(_, let consumed):
                outcomes[1] += 1
                #expect(consumed > 0 && consumed <= input.count)
            case .failure(let error):
                outcomes[2] += 1
                #expect(Self.allowedStatuses.contains(error.status))
            }
            if iteration % 8 == 0 {
                let step = 1 + iteration % 13
                #expect(parseIncrementally(input, step: step, maxHeaderBytes: maxBytes) == oneShot)
            }
        }
        // The mutations reach every outcome, so the loop above exercised all three paths.
        #expect(outcomes.allSatisfy { $0 > 100 })
    }

    @Test func mutatedChunkedBodiesNeverCrashAndSplittingDoesNotMatter() {
        var mutator = Mutator(generator: SplitMix64(seed: 42))
        var outcomes = [0, 0, 0]
        for iteration in 0..<20_000 {
            let input = iteration % 10 == 9
                ? mutator.randomBytes(maxCount: 80)
                : mutator.mutate(Self.bodies[iteration % Self.bodies.count])
            let whole = Self.decode(input, pieceSize: input.count)
            switch whole {
            case .failure(let status): outcomes[2] += 1; #expect(status == 400)
            case .success(_, let consumed, let done):
                outcomes[done ? 1 : 0] += 1
                #expect(consumed <= input.count)
                #expect(done || consumed == input.count)
            }
            if iteration % 8 == 0 {
                #expect(Self.decode(input, pieceSize: 1 + iteration % 5) == whole)
            }
        }
        #expect(outcomes.allSatisfy { $0 > 100 })
    }

    enum Decoded: Equatable {
        case success(output: [UInt8], consumed: Int, done: Bool)
        case failure(status: Int)
    }

    /// Decodes `input` fed in pieces of `pieceSize` bytes, stopping when the body is done.
    static func decode(_ input: [UInt8], pieceSize: Int) -> Decoded {
        var decoder = ChunkedDecoder(maxChunkLineBytes: 64, maxTrailerBytes: 64)
        var output: [UInt8] = []
        var offset = 0
        do {
            while offset < input.count {
                let end = min(input.count, offset + max(1, pieceSize))
                let result = try decoder.decode(input.span.extracting(offset..<end), into: &output, maxOutput: 1 << 20)
                offset += result.consumed
                if result.done { return .success(output: output, consumed: offset, done: true) }
            }
        } catch {
            return .failure(status: error.status)
        }
        #expect(output.count == decoder.decodedBytes)
        return .success(output: output, consumed: offset, done: false)
    }
}
