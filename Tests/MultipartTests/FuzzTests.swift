import TestSupport
@testable import Multipart
import Testing

/// Hostile input: random bytes and mutated valid bodies, in random chunks. The parser may
/// refuse them but must never trap, and what it reports must stay well formed and within
/// its limits.
@Suite struct MultipartFuzzTests {
    typealias Support = MultipartTestSupport

    private func check(_ body: [UInt8], using random: inout SplitMix64, limits: MultipartLimits) throws {
        var parser = try Support.parser(limits: limits)
        var inPart = false
        var isFile = false
        var partBytes = 0
        var parts = 0
        var start = 0
        do throws(MultipartError) {
            while start < body.count {
                let end = min(body.count, start + 1 + Int(random.next() % 40))
                for event in try parser.feed(Array(body[start..<end])) {
                    switch event {
                    case .partBegin(_, let filename, _):
                        #expect(!inPart)
                        inPart = true
                        isFile = filename != nil
                        partBytes = 0
                        parts += 1
                    case .partData(let data):
                        #expect(inPart)
                        partBytes += data.count
                        #expect(partBytes <= (isFile ? limits.maxFileBytes : limits.maxFieldBytes))
                    case .partEnd:
                        #expect(inPart)
                        inPart = false
                    }
                }
                start = end
            }
            try parser.finish()
            #expect(!inPart)
        } catch {
            #expect(!error.message.isEmpty)
        }
        #expect(parts <= limits.maxParts)
    }

    @Test func randomBytesNeverCrash() throws {
        var random = SplitMix64(seed: 0x5EED)
        let alphabet = Support.bytes("-\r\nXyZ-boundary:;=\"\\ \tContent-Disposition form-data name filename*'%")
        let limits = MultipartLimits(maxParts: 4, maxPartHeaderBytes: 64, maxFieldBytes: 32, maxFileBytes: 48, maxTotalBytes: 600)
        for round in 0..<1500 {
            let length = Int(random.next() % 400)
            let body = (0..<length).map { _ in
                round.isMultiple(of: 2) ? UInt8(truncatingIfNeeded: random.next()) : alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
            try check(body, using: &random, limits: limits)
        }
    }

    @Test func mutatedValidBodiesNeverCrash() throws {
        var random = SplitMix64(seed: 42)
        let limits = MultipartLimits(maxParts: 3, maxPartHeaderBytes: 100, maxFieldBytes: 8, maxFileBytes: 64)
        for _ in 0..<1500 {
            var body = Support.sampleBody
            for _ in 0..<(1 + random.next() % 6) {
                let index = Int(random.next() % UInt64(body.count))
                switch random.next() % 4 {
                case 0: body[index] = UInt8(truncatingIfNeeded: random.next())
                case 1: body.remove(at: index)
                case 2: body.insert(contentsOf: Support.bytes("\r\n--XyZ-boundary"), at: index)
                default: body = Array(body.prefix(index))
                }
                if body.isEmpty { body = [0] }
            }
            try check(body, using: &random, limits: limits)
        }
    }
}
