import Synchronization

/// Requests by route, method and status, and latency histograms by route. Labels are bounded: routes are the
/// router's patterns (or `unmatched`), methods a fixed set (else `OTHER`).
public final class RequestMetrics: Sendable {
    /// Latency bucket upper bounds in seconds.
    public static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]

    struct CounterKey: Hashable { var route: String; var method: String; var status: Int }

    struct Histogram {
        var counts = [Int](repeating: 0, count: RequestMetrics.buckets.count)
        var sum = 0.0
        var count = 0

        mutating func record(bucket: Int?, seconds: Double) {
            if let bucket { counts[bucket] += 1 }
            sum += seconds
            count += 1
        }
    }

    struct State {
        var counters: [CounterKey: Int] = [:]
        var histograms: [String: Histogram] = [:]
        var compressedIn = 0
        var compressedOut = 0
        var compressedResponses = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func record(route: String, method: String, status: Int, seconds: Double) {
        let method = Self.knownMethods.contains(method) ? method : "OTHER"
        let bucket = Self.buckets.firstIndex { seconds <= $0 }
        state.withLock { state in
            state.counters[CounterKey(route: route, method: method, status: status), default: 0] += 1
            // Updated in place: a copy taken out of the dictionary would copy its bucket array on every request.
            state.histograms[route, default: Histogram()].record(bucket: bucket, seconds: seconds)
        }
    }

    public func recordCompression(originalBytes: Int, compressedBytes: Int) {
        state.withLock { state in
            state.compressedIn += originalBytes
            state.compressedOut += compressedBytes
            state.compressedResponses += 1
        }
    }

    /// Responses sent compressed so far.
    var compressedResponses: Int { state.withLock { $0.compressedResponses } }

    /// Total requests recorded (all routes).
    public var totalRequests: Int { state.withLock { $0.counters.values.reduce(0, +) } }

    public func families() -> [MetricFamily] {
        let copy = state.withLock { $0 }
        var requests = MetricFamily(name: "eloquent_http_requests_total", help: "HTTP requests by route, method and status.", kind: .counter, samples: [])
        for (key, value) in copy.counters.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            requests.samples.append(.init(labels: [("route", key.route), ("method", key.method), ("status", String(key.status))], value: Double(value)))
        }
        var latency = MetricFamily(name: "eloquent_http_request_duration_seconds", help: "Time from a complete request head to the response, by route.", kind: .histogram, samples: [])
        for (route, histogram) in copy.histograms.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (index, bound) in Self.buckets.enumerated() {
                cumulative += histogram.counts[index]
                latency.samples.append(.init(suffix: "_bucket", labels: [("route", route), ("le", Self.format(bound))], value: Double(cumulative)))
            }
            latency.samples.append(.init(suffix: "_bucket", labels: [("route", route), ("le", "+Inf")], value: Double(histogram.count)))
            latency.samples.append(.init(suffix: "_sum", labels: [("route", route)], value: histogram.sum))
            latency.samples.append(.init(suffix: "_count", labels: [("route", route)], value: Double(histogram.count)))
        }
        let ratio = copy.compressedIn > 0 ? Double(copy.compressedOut) / Double(copy.compressedIn) : 1
        return [
            requests, latency,
            .counter("eloquent_compression_responses_total", "Responses sent compressed.", Double(copy.compressedResponses)),
            .counter("eloquent_compression_input_bytes_total", "Bytes of responses before compression.", Double(copy.compressedIn)),
            .counter("eloquent_compression_output_bytes_total", "Bytes of responses after compression.", Double(copy.compressedOut)),
            .gauge("eloquent_compression_ratio", "Compressed bytes over original bytes, over all compressed responses.", ratio),
        ]
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
