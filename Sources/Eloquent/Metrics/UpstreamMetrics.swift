import Upstream

/// The upstream pools' figures as metric families, labelled by pool.
enum UpstreamMetrics {
    static func families(_ pools: [UpstreamStats]) -> [MetricFamily] {
        func family(_ name: String, _ help: String, _ kind: MetricFamily.Kind, _ value: (UpstreamStats) -> Int) -> MetricFamily {
            MetricFamily(name: name, help: help, kind: kind,
                         samples: pools.map { .init(labels: [("pool", $0.pool)], value: Double(value($0))) })
        }
        var errors = MetricFamily(name: "eloquent_upstream_errors_total", help: "Upstream failures by pool and kind.", kind: .counter, samples: [])
        for pool in pools {
            for kind in UpstreamErrorKind.allCases {
                errors.samples.append(.init(labels: [("pool", pool.pool), ("kind", kind.rawValue)], value: Double(pool.errors[kind] ?? 0)))
            }
        }
        let waitSeconds = MetricFamily(
            name: "eloquent_upstream_connection_wait_seconds_total",
            help: "Seconds requests spent from entering their pool to a connection being ready (queueing under MAX_CONNS_PER_HOST, connecting).",
            kind: .counter, samples: pools.map { .init(labels: [("pool", $0.pool)], value: $0.connectionWaitSeconds) })
        let waitMax = MetricFamily(
            name: "eloquent_upstream_connection_wait_max_seconds", help: "Longest wait for an upstream connection so far.",
            kind: .gauge, samples: pools.map { .init(labels: [("pool", $0.pool)], value: $0.connectionWaitMaxSeconds) })
        return [
            family("eloquent_upstream_active_transfers", "Requests in flight to the provider.", .gauge) { $0.activeTransfers },
            family("eloquent_upstream_open_connections", "Open upstream connections.", .gauge) { $0.openConnections },
            family("eloquent_upstream_idle_connections", "Idle upstream connections kept for reuse.", .gauge) { $0.idleConnections },
            family("eloquent_upstream_requests_total", "Upstream requests.", .counter) { $0.totalRequests },
            family("eloquent_upstream_new_connections_total", "Upstream connections opened.", .counter) { $0.newConnections },
            family("eloquent_upstream_reused_connections_total", "Upstream requests that reused a connection.", .counter) { $0.reusedConnections },
            family("eloquent_upstream_connection_waits_total", "Upstream requests that got a connection.", .counter) { $0.connectionWaits },
            waitSeconds,
            waitMax,
            errors,
        ]
    }
}
