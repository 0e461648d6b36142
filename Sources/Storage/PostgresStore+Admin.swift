extension PostgresStore {
    public func listUsers(offset: Int, limit: Int, plan: Plan?) async throws -> [UserRecord] {
        let operation = "list users"
        try Validate.nonNegative(offset, "offset", operation)
        try Validate.nonNegative(limit, "limit", operation)
        let filter = plan == nil ? "" : "WHERE plan = $3"
        let sql = "SELECT \(UserRecord.selectColumns) FROM users \(filter) ORDER BY created_at DESC, id LIMIT $1 OFFSET $2"
        var values: [PostgresValue] = [.int(limit), .int(offset)]
        if let plan { values.append(.text(plan.rawValue)) }
        return try await withConnection(operation) { [values] connection in
            try await connection.rows(sql, values, operation: operation, UserRecord.init(row:))
        }
    }

    public func searchUsers(query: String, limit: Int) async throws -> [UserRecord] {
        let operation = "search users"
        try Validate.nonNegative(limit, "limit", operation)
        try Validate.searchText(query, operation)
        // Both sides folded in the "C" collation: ASCII case is ignored, as by SQLite's LIKE.
        let sql = #"""
            SELECT \#(UserRecord.selectColumns) FROM users
            WHERE lower(email) LIKE lower($1 COLLATE "C") ESCAPE '\'
                OR lower(name) LIKE lower($1 COLLATE "C") ESCAPE '\'
            ORDER BY created_at DESC, id LIMIT $2
            """#
        let values: [PostgresValue] = [.text(LikePattern.contains(query)), .int(limit)]
        return try await withConnection(operation) { connection in
            try await connection.rows(sql, values, operation: operation, UserRecord.init(row:))
        }
    }

    public func countUsersByPlan() async throws -> [Plan: Int] {
        let operation = "count users by plan"
        return try await withConnection(operation) { try await $0.countUsersByPlan(operation: operation) }
    }

    public func totalUsers() async throws -> Int {
        let operation = "count users"
        return try await withConnection(operation) { connection in
            try await connection.firstRow("SELECT COUNT(*) FROM users", operation: operation) { try $0.int(0) } ?? 0
        }
    }

    public func bulkSetPlan(userIDs: [String], plan: Plan, now: Int) async throws -> Int {
        let operation = "bulk set plan"
        // Rows are locked in one order, so that two bulk changes never wait on each other in a cycle.
        let ids = Array(Set(userIDs)).sorted()
        return try await inTransaction(operation) { connection in
            var changed = 0
            for id in ids {
                changed += try await connection.run(
                    "UPDATE users SET plan = $2, updated_at = $3 WHERE id = $1",
                    [.text(id), .text(plan.rawValue), .int(now)], operation: operation)
            }
            return changed
        }
    }

    public func adminStatistics(activeSince: Int, signedUpSince: Int) async throws -> AdminStatistics {
        let operation = "read admin statistics"
        // One snapshot for every count.
        return try await inTransaction(operation, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { connection in
            let byPlan = try await connection.countUsersByPlan(operation: operation)
            func count(_ sql: String, _ values: [PostgresValue] = []) async throws -> Int {
                try await connection.firstRow(sql, values, operation: operation) { try $0.int(0) } ?? 0
            }
            return AdminStatistics(
                totalUsers: byPlan.values.reduce(0, +),
                usersByPlan: byPlan,
                activeUsers: try await count("SELECT COUNT(*) FROM users WHERE last_login_at >= $1", [.int(activeSince)]),
                recentSignups: try await count("SELECT COUNT(*) FROM users WHERE created_at >= $1", [.int(signedUpSince)]),
                usageRecords: try await count("SELECT COUNT(*) FROM usage_records"),
                successfulUsageRecords: try await count("SELECT COUNT(*) FROM usage_records WHERE success"))
        }
    }
}

extension PostgresConnection {
    /// Every plan with its number of users; a stored plan this program does not know counts as free.
    func countUsersByPlan(operation: String) async throws -> [Plan: Int] {
        var counts = Dictionary(uniqueKeysWithValues: Plan.allCases.map { ($0, 0) })
        let rows = try await rows("SELECT plan, COUNT(*) FROM users GROUP BY plan", operation: operation) {
            (Plan(storedValue: try $0.text(0)), try $0.int(1))
        }
        for (plan, count) in rows { counts[plan, default: 0] += count }
        return counts
    }
}
