@testable import Multipart
import Testing

@Suite struct MultipartLimitsTests {
    typealias Support = MultipartTestSupport

    private func body(parts: Int) -> [UInt8] {
        var text = ""
        for index in 0..<parts {
            text += "--q\r\nContent-Disposition: form-data; name=f\(index)\r\n\r\nv\r\n"
        }
        return Support.bytes(text + "--q--\r\n")
    }

    @Test func defaultsAreNamed() {
        let limits = MultipartLimits()
        #expect(limits.maxParts == MultipartLimits.defaultMaxParts && limits.maxParts == 16)
        #expect(limits.maxPartHeaderBytes == 8192 && limits.maxFieldBytes == 65536)
        #expect(limits.maxFileBytes == 25 * 1024 * 1024)
        #expect(limits.maxTotalBytes > limits.maxFileBytes)
        #expect(MultipartLimits(maxFieldBytes: .max, maxFileBytes: .max).maxTotalBytes == .max)
    }

    @Test func partCountLimit() throws {
        let limits = MultipartLimits(maxParts: 3)
        #expect(try Support.parse(body(parts: 3), boundary: "q", limits: limits).count == 9)
        #expect(throws: MultipartError.tooManyParts(limit: 3)) {
            try Support.parse(body(parts: 4), boundary: "q", limits: limits)
        }
    }

    @Test func oversizeFieldNamesTheField() throws {
        let limits = MultipartLimits(maxFieldBytes: 10)
        let atLimit = Support.body(headers: ["Content-Disposition: form-data; name=\"prompt\""], content: "0123456789")
        #expect(try Support.parse(atLimit, limits: limits).count == 3)
        let over = Support.body(headers: ["Content-Disposition: form-data; name=\"prompt\""], content: "0123456789A")
        let error = Support.error(over, limits: limits)
        #expect(error == .fieldTooLarge(name: "prompt", limit: 10))
        #expect(error?.field == "prompt")
        #expect(error?.message == "field \"prompt\" is larger than 10 bytes")
    }

    @Test func oversizeFileNamesTheFieldEvenWhenFedByteByByte() throws {
        let limits = MultipartLimits(maxFieldBytes: 1, maxFileBytes: 20)
        let over = Support.body(
            headers: ["Content-Disposition: form-data; name=\"audio\"; filename=\"a.wav\""],
            content: String(repeating: "z", count: 21))
        #expect(throws: MultipartError.fileTooLarge(name: "audio", limit: 20)) {
            try Support.parse(over, cuts: Array(1..<over.count), limits: limits)
        }
        #expect(MultipartError.fileTooLarge(name: "audio", limit: 20).message.contains("\"audio\""))
        let fits = Support.body(
            headers: ["Content-Disposition: form-data; name=\"audio\"; filename=\"a.wav\""],
            content: String(repeating: "z", count: 20))
        #expect(try Support.parse(fits, limits: limits).count == 3)
    }

    @Test func totalLimitCountsEveryByte() throws {
        let body = Support.sampleBody
        #expect(try Support.parse(body, limits: MultipartLimits(maxTotalBytes: body.count)) == Support.sampleEvents)
        #expect(throws: MultipartError.bodyTooLarge(limit: body.count - 1)) {
            try Support.parse(body, cuts: [10, 100], limits: MultipartLimits(maxTotalBytes: body.count - 1))
        }
    }

    @Test func hostileFieldNameIsQuotedAndCutInMessages() {
        let name = String(repeating: "\"", count: 3) + "\n" + String(repeating: "n", count: 200)
        let message = MultipartError.fieldTooLarge(name: name, limit: 1).message
        #expect(!message.contains("\n"))
        #expect(message.count < 120)
        #expect(message.hasPrefix("field \"\\\"\\\"\\\"?nnn"))
    }
}
