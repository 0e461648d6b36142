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

    /// `{"name": value}` for single unlabelled samples, else `{"name": [{"labels…", "value"}]}`.
    public static func json(_ families: [MetricFamily]) -> String {
        var members: [String] = []
        for family in families {
            let key = quote(String(family.name.dropFirst(family.name.hasPrefix("eloquent_") ? 9 : 0)))
            if family.samples.count == 1, family.samples[0].labels.isEmpty, family.samples[0].suffix.isEmpty {
                members.append(key + ":" + number(family.samples[0].value))
                continue
            }
            let items = family.samples.map { sample -> String in
                var fields = sample.labels.map { quote($0.0) + ":" + quote($0.1) }
                if !sample.suffix.isEmpty { fields.append("\"series\":" + quote(String(sample.suffix.dropFirst()))) }
                fields.append("\"value\":" + number(sample.value))
                return "{" + fields.joined(separator: ",") + "}"
            }
            members.append(key + ":[" + items.joined(separator: ",") + "]")
        }
        return "{" + members.joined(separator: ",") + "}"
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
