@testable import Multipart
import Testing

@Suite struct MultipartParserTests {
    typealias Support = MultipartTestSupport

    @Test func parsesFieldsAndFileInOneFeed() throws {
        #expect(try Support.parse(Support.sampleBody) == Support.sampleEvents)
    }

    @Test func everyTwoWaySplitGivesTheSameEvents() throws {
        let body = Support.sampleBody
        for cut in 0...body.count {
            #expect(try Support.parse(body, cuts: [cut]) == Support.sampleEvents, "cut at \(cut)")
        }
    }

    @Test func byteByByteGivesTheSameEvents() throws {
        let body = Support.sampleBody
        #expect(try Support.parse(body, cuts: Array(1..<body.count)) == Support.sampleEvents)
    }

    @Test func everyThreeWaySplitOfASmallBody() throws {
        let body = Support.bytes("--b\r\nContent-Disposition: form-data; name=f\r\n\r\n\r\n-\r\n--b--")
        let expected: [MultipartEvent] = [.partBegin(name: "f", filename: nil, contentType: nil), .partData(Support.bytes("\r\n-")), .partEnd]
        for first in 0...body.count {
            for second in first...body.count {
                #expect(try Support.parse(body, cuts: [first, second], boundary: "b") == expected)
            }
        }
    }

    @Test func boundaryAtTheVeryStartAndNoEpilogue() throws {
        let body = Support.bytes("--q\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--q--")
        #expect(try Support.parse(body, boundary: "q") == [
            .partBegin(name: "a", filename: nil, contentType: nil), .partData([UInt8(ascii: "1")]), .partEnd,
        ])
    }

    @Test func emptyPartsAndPartsWithTheSameName() throws {
        let body = Support.bytes(
            "--q\r\nContent-Disposition: form-data; name=t\r\n\r\n\r\n--q\r\nContent-Disposition: form-data; name=t\r\n\r\nb\r\n--q--\r\n")
        #expect(try Support.parse(body, boundary: "q") == [
            .partBegin(name: "t", filename: nil, contentType: nil), .partEnd,
            .partBegin(name: "t", filename: nil, contentType: nil), .partData([UInt8(ascii: "b")]), .partEnd,
        ])
    }

    @Test func bodyWithNoPartsIsEmpty() throws {
        #expect(try Support.parse(Support.bytes("--q--\r\n"), boundary: "q").isEmpty)
    }

    @Test func preambleMustEndWithCRLFBeforeTheBoundary() {
        // "x--q" is not a delimiter, so the body never starts.
        #expect(Support.error(Support.bytes("x--q\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n")) == .truncated)
    }

    @Test(arguments: [
        "", "garbage without boundary",
        "--XyZ-boundary\r\n",
        "--XyZ-boundary\r\nContent-Disposition: form-data; name=a\r\n",
        "--XyZ-boundary\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue",
        "--XyZ-boundary\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue\r\n--XyZ-boundary",
        "--XyZ-boundary\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue\r\n--XyZ-boundary-",
        "--XyZ-boundary\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue\r\n--XyZ-boundary\r\n",
    ])
    func truncatedBodyFailsOnFinish(text: String) throws {
        var parser = try Support.parser()
        _ = try parser.feed(Support.bytes(text))
        #expect(throws: MultipartError.truncated) { try parser.finish() }
        #expect(MultipartError.truncated.message.contains("closing boundary"))
    }

    @Test(arguments: [
        "--XyZ-boundaryX\r\n", "--XyZ-boundary-x\r\n", "--XyZ-boundary\rX", "--XyZ-boundary\n",
        "--XyZ-boundary \t x\r\n",
    ])
    func malformedBoundaryLine(text: String) {
        guard case .malformedBody = Support.error(Support.bytes(text)) else {
            Issue.record("expected malformedBody for \(text.debugDescription)")
            return
        }
    }

    @Test func tooMuchTransportPaddingIsRefusedEvenAcrossFeeds() throws {
        var parser = try Support.parser()
        _ = try parser.feed(Support.bytes("--XyZ-boundary"))
        let result = Result { () throws(MultipartError) in
            for _ in 0..<300 { _ = try parser.feed([0x20]) }
        }
        guard case .failure(.malformedBody) = result else {
            Issue.record("expected malformedBody, got \(result)")
            return
        }
    }

    @Test func errorIsStickyAfterFailure() throws {
        var parser = try Support.parser()
        #expect(throws: MultipartError.self) { try parser.feed(Support.bytes("--XyZ-boundary!\r\n")) }
        #expect(throws: MultipartError.self) { try parser.feed(Support.bytes("\r\n")) }
        #expect(throws: MultipartError.self) { try parser.finish() }
    }

    @Test func largeFileFedInChunksIsPassedOnWithoutLoss() throws {
        var content: [UInt8] = []
        for index in 0..<200_000 { content.append(UInt8(truncatingIfNeeded: index &* 31 &+ index >> 8)) }
        let head = Support.bytes("--XyZ-boundary\r\nContent-Disposition: form-data; name=audio; filename=a\r\n\r\n")
        let body = head + content + Support.bytes("\r\n--XyZ-boundary--\r\n")
        let cuts = stride(from: 4093, to: body.count, by: 4093).map { $0 }
        let events = try Support.parse(body, cuts: cuts)
        #expect(events == [.partBegin(name: "audio", filename: "a", contentType: nil), .partData(content), .partEnd])
    }
}
