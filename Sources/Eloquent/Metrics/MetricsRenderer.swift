import Basics
import HTTPServer

/// Renders metric families as Prometheus text exposition format 0.0.4 and as JSON for `/stats`.
public enum MetricsRenderer {
    public static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func prometheus(_ families: [MetricFamily]) -> String {
        var out = ""
        for family in families {
            out += "# HELP \(family.name) \(escapeHelp(family.help))\n# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples {
                out += family.name + sample.suffix
                if !sample.labels.isEmpty {
                    out += "{" + sample.labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
                }
                out += " " + number(sample.value) + "\n"
            }
        }
        return out
    }

    /// `/stats`: `{"name": value}` for single unlabelled samples, else `{"name": [{"labels…", "value"}]}`, written into
    /// one buffer (no string per sample: every request renders every family).
    static func jsonBytes(_ families: [MetricFamily]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8192)
        out.append(UInt8(ascii: "{"))
        for (index, family) in families.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONStringEscaper.appendQuoted(family.name.hasPrefix("eloquent_") ? String(family.name.dropFirst(9)) : family.name, to: &out)
            out.append(UInt8(ascii: ":"))
            if family.samples.count == 1, family.samples[0].labels.isEmpty, family.samples[0].suffix.isEmpty {
                out.append(contentsOf: number(family.samples[0].value).utf8)
                continue
            }
            out.append(UInt8(ascii: "["))
            for (position, sample) in family.samples.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "{"))
                for (name, value) in sample.labels {
                    JSONStringEscaper.appendQuoted(name, to: &out)
                    out.append(UInt8(ascii: ":"))
                    JSONStringEscaper.appendQuoted(value, to: &out)
                    out.append(UInt8(ascii: ","))
                }
                if !sample.suffix.isEmpty {
                    out.append(contentsOf: #""series":"#.utf8)
                    JSONStringEscaper.appendQuoted(String(sample.suffix.dropFirst()), to: &out)
                    out.append(UInt8(ascii: ","))
                }
                out.append(contentsOf: #""value":"#.utf8)
                out.append(contentsOf: number(sample.value).utf8)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func escapeHelp(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }

    static func escapeLabel(_ text: String) -> String {
        escapeHelp(text).replacing("\"", with: "\\\"")
    }

    static func quote(_ text: String) -> String { JSON.quote(text) }
}
