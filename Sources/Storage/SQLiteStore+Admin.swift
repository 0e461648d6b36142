extension SQLiteStore {
    public func listUsers(offset: Int, limit: Int, plan: Plan?) async throws -> [UserRecord] {
        let operation = "list users"
        try Validate.nonNegative(offset, "offset", operation)
        try Validate.nonNegative(limit, "limit", operation)
        let filter = plan == nil ? "" : "WHERE plan = ?3"
        let sql = "SELECT \(UserRecord.selectColumns) FROM users \(filter) ORDER BY created_at DESC, id LIMIT ?1 OFFSET ?2"
        var values: [SQLiteValue] = [.int(limit), .int(offset)]
        if let plan { values.append(.text(plan.rawValue)) }
        return try await read(operation) { [values] connection in
            try connection.rows(sql, values, operation: operation, UserRecord.init(row:))
        }
    }

    public func searchUsers(query: String, limit: Int) async throws -> [UserRecord] {
        let operation = "search users"
        try Validate.nonNegative(limit, "limit", operation)
        try Validate.searchText(query, operation)
        let sql = """
            SELECT \(UserRecord.selectColumns) FROM users
            WHERE email LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\'
            ORDER BY created_at DESC, id LIMIT ?2
            """
        let values: [SQLiteValue] = [.text(LikePattern.contains(query)), .int(limit)]
        return try await read(operation) { connection in
            try connection.rows(sql, values, operation: operation, UserRecord.init(row:))
        }
    }

    public func countUsersByPlan() async throws -> [Plan: Int] {
        let operation = "count users by plan"
        return try await read(operation) { try $0.countUsersByPlan(operation: operation) }
    }

    public func totalUsers() async throws -> Int {
        let operation = "count users"
        return try await read(operation) { connection in
            try connection.firstRow("SELECT COUNT(*) FROM users", operation: operation) { try $0.int(0) } ?? 0
        }
    }

    public func bulkSetPlan(userIDs: [String], plan: Plan, now: Int) async throws -> Int {
        let operation = "bulk set plan"
        let ids = Array(Set(userIDs))
        return try await write(operation) { connection in
            try connection.transaction(immediate: true, operation: operation) {
                var changed = 0
                for id in ids {
                    changed += try connection.run(
                        "UPDATE users SET plan = ?2, updated_at = ?3 WHERE id = ?1",
                        [.text(id), .text(plan.rawValue), .int(now)], operation: operation)
                }
                return changed
            }
        }
    }

    public func adminStatistics(activeSince: Int, signedUpSince: Int) async throws -> AdminStatistics {
        let operation = "read admin statistics"
        return try await read(operation) { connection in
            try connection.transaction(immediate: false, operation: operation) {
                let byPlan = try connection.countUsersByPlan(operation: operation)
                func count(_ sql: String, _ values: [SQLiteValue] = []) throws -> Int {
                    try connection.firstRow(sql, values, operation: operation) { try $0.int(0) } ?? 0
                }
                return AdminStatistics(
                    totalUsers: byPlan.values.reduce(0, +),
                    usersByPlan: byPlan,
                    activeUsers: try count("SELECT COUNT(*) FROM users WHERE last_login_at >= ?1", [.int(activeSince)]),
                    recentSignups: try count("SELECT COUNT(*) FROM users WHERE created_at >= ?1", [.int(signedUpSince)]),
                    usageRecords: try count("SELECT COUNT(*) FROM usage_records"),
                    successfulUsageRecords: try count("SELECT COUNT(*) FROM usage_records WHERE success = 1"))
            }
        }
    }
}
