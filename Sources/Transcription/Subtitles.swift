import Basics
import FoundationEssentials

/// SubRip (`srt`) and WebVTT (`vtt`) subtitles built from a provider's `verbose_json` segments, so that every
/// provider offers them (SPEC section 4). Without segments, the whole text is one cue over the audio's duration.
package enum Subtitles {
    package enum Format: String, Sendable {
        case srt
        case vtt
    }

    package struct Cue: Sendable, Equatable {
        package var start: Double
        package var end: Double
        package var text: String

        package init(start: Double, end: Double, text: String) {
            self.start = start
            self.end = end
            self.text = text
        }
    }

    /// The cues of a `verbose_json` body (`segments[].start/end/text`); when it has none, one cue holding `text`
    /// from 0 to `duration`. Empty segments are dropped; times are clamped to be non-negative and ordered.
    package static func cues(verboseJSON: [UInt8]?, text: String, duration: Double) -> [Cue] {
        struct Verbose: Decodable {
            struct Segment: Decodable { var start: Double?; var end: Double?; var text: String? }
            var segments: [Segment]?
        }
        var cues: [Cue] = []
        if let verboseJSON, let decoded = try? JSONDecoder().decode(Verbose.self, from: Data(verboseJSON)) {
            for segment in decoded.segments ?? [] {
                let words = (segment.text ?? "").trimmed()
                guard !words.isEmpty else { continue }
                let start = max(0, segment.start ?? cues.last?.end ?? 0)
                let end = max(start, segment.end ?? start)
                cues.append(Cue(start: start, end: end, text: words))
            }
        }
        if cues.isEmpty, !text.trimmed().isEmpty {
            cues.append(Cue(start: 0, end: max(0, duration.isFinite ? duration : 0), text: text.trimmed()))
        }
        return cues
    }

    package static func render(_ cues: [Cue], as format: Format) -> String {
        switch format {
        case .srt:
            return cues.enumerated().map { index, cue in
                "\(index + 1)\n\(timestamp(cue.start, separator: ",")) --> \(timestamp(cue.end, separator: ","))\n\(cueText(cue.text, format))\n"
            }.joined(separator: "\n")
        case .vtt:
            let body = cues.map { cue in
                "\(timestamp(cue.start, separator: ".")) --> \(timestamp(cue.end, separator: "."))\n\(cueText(cue.text, format))\n"
            }
            return (["WEBVTT\n"] + body).joined(separator: "\n")
        }
    }

    /// `HH:MM:SS,mmm` (SubRip) or `HH:MM:SS.mmm` (WebVTT).
    package static func timestamp(_ seconds: Double, separator: String) -> String {
        let total = Int((max(0, seconds.isFinite ? seconds : 0) * 1000).rounded())
        let ms = total % 1000, s = total / 1000 % 60, m = total / 60_000 % 60, h = total / 3_600_000
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2))\(separator)\(pad(ms, 3))"
    }

    /// A cue's text on its own lines: no blank line inside (it would end the cue), and for WebVTT no `-->` and the
    /// markup characters escaped.
    static func cueText(_ text: String, _ format: Format) -> String {
        var lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmed() }.filter { !$0.isEmpty }
        if format == .vtt {
            lines = lines.map { $0.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;") }
        } else {
            lines = lines.map { $0.replacing("-->", with: "->") }
        }
        return lines.joined(separator: "\n")
    }
}
