@testable import Multipart

/// Helpers shared by the multipart tests.
enum MultipartTestSupport {
    static let boundary = "XyZ-boundary"

    /// A body with several fields, a file whose content holds near-boundaries, a preamble
    /// and an epilogue.
    static let sampleBody = bytes(
        "ignored preamble\r\n--XyZ-boundary\r\n"
            + "Content-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n"
            + "--XyZ-boundary\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\ngrammar\r\n"
            + "--XyZ-boundary \t\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"clip.wav\"\r\n"
            + "Content-Type: audio/wav\r\n\r\nRIFF\r\n--XyZ-bound\r\n--\r\n\r\n--XyZ-boundar\r\n"
            + "--XyZ-boundary--\r\nepilogue --XyZ-boundary garbage")

    static let sampleEvents: [MultipartEvent] = [
        .partBegin(name: "language", filename: nil, contentType: nil), .partData(bytes("en")), .partEnd,
        .partBegin(name: "mode", filename: nil, contentType: nil), .partData(bytes("grammar")), .partEnd,
        .partBegin(name: "audio", filename: "clip.wav", contentType: "audio/wav"),
        .partData(bytes("RIFF\r\n--XyZ-bound\r\n--\r\n\r\n--XyZ-boundar")), .partEnd,
    ]

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func parser(_ boundary: String = boundary, limits: MultipartLimits = MultipartLimits()) throws -> MultipartParser {
        MultipartParser(boundary: try MultipartBoundary(boundary), limits: limits)
    }

    /// Feeds `body` cut at `cuts` (ascending offsets), finishes, and returns the events with
    /// adjacent data merged.
    static func parse(
        _ body: [UInt8], cuts: [Int] = [], boundary: String = boundary, limits: MultipartLimits = MultipartLimits()
    ) throws -> [MultipartEvent] {
        var parser = try parser(boundary, limits: limits)
        var events: [MultipartEvent] = []
        var start = 0
        for cut in cuts + [body.count] {
            events += try parser.feed(Array(body[start..<cut]))
            start = cut
        }
        try parser.finish()
        return merged(events)
    }

    /// Adjacent `partData` events joined; empty ones dropped.
    static func merged(_ events: [MultipartEvent]) -> [MultipartEvent] {
        var result: [MultipartEvent] = []
        for event in events {
            if case .partData(let data) = event {
                if case .partData(let previous) = result.last {
                    result[result.count - 1] = .partData(previous + data)
                } else if !data.isEmpty {
                    result.append(event)
                }
            } else {
                result.append(event)
            }
        }
        return result
    }

    /// One part with the given header lines and content, boundary `XyZ-boundary`.
    static func body(headers: [String], content: String = "x", close: Bool = true) -> [UInt8] {
        var text = "--\(boundary)\r\n"
        for header in headers { text += header + "\r\n" }
        text += "\r\n" + content + "\r\n"
        if close { text += "--\(boundary)--\r\n" }
        return bytes(text)
    }

    /// The error `parse` throws for `body`, if any.
    static func error(_ body: [UInt8], limits: MultipartLimits = MultipartLimits()) -> MultipartError? {
        do {
            _ = try parse(body, limits: limits)
            return nil
        } catch let error as MultipartError {
            return error
        } catch {
            return nil
        }
    }
}
