extension SQLiteStore {
    public func upsertUserFromSignIn(id: String, email: String, name: String?, pictureURL: String?, now: Int) async throws -> UserRecord {
        let operation = "upsert user from sign-in"
        try Validate.userID(id, operation)
        let sql = """
            INSERT INTO users (id, email, name, picture_url, created_at, last_login_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5)
            ON CONFLICT (id) DO UPDATE SET
                email = excluded.email,
                name = COALESCE(excluded.name, users.name),
                picture_url = COALESCE(excluded.picture_url, users.picture_url),
                last_login_at = excluded.last_login_at,
                updated_at = excluded.updated_at
            RETURNING \(UserRecord.selectColumns)
            """
        let values: [SQLiteValue] = [.text(id), .text(email), .text(name), .text(pictureURL), .int(now)]
        return try await write(operation) { connection in
            guard let user = try connection.firstRow(sql, values, operation: operation, UserRecord.init(row:)) else {
                throw StorageError.invalidStoredValue(operation: operation, column: "RETURNING")
            }
            return user
        }
    }

    public func user(id: String) async throws -> UserRecord? {
        try await readUser("read user by id", where: "id = ?1", .text(id))
    }

    public func user(byEmail email: String) async throws -> UserRecord? {
        try await readUser("read user by email", where: "email = ?1 COLLATE NOCASE", .text(email))
    }

    public func user(byStripeCustomerID customerID: String) async throws -> UserRecord? {
        try await readUser("read user by Stripe customer", where: "stripe_customer_id = ?1", .text(customerID))
    }

    public func updateSettings(userID: String, patch: UserSettingsPatch, now: Int) async throws -> UserSettings? {
        let operation = "update settings"
        return try await write(operation) { connection in
            try connection.transaction(immediate: true, operation: operation) { () -> UserSettings? in
                guard let stored = try connection.firstRow(
                    "SELECT settings FROM users WHERE id = ?1", [.text(userID)], operation: operation, { try $0.text(0) })
                else { return nil }
                let merged = SettingsJSON.decode(stored).merging(patch)
                try connection.run(
                    "UPDATE users SET settings = ?2, updated_at = ?3 WHERE id = ?1",
                    [.text(userID), .text(try SettingsJSON.encode(merged, operation: operation)), .int(now)],
                    operation: operation)
                return merged
            }
        }
    }

    public func setPlan(userID: String, plan: Plan, now: Int) async throws -> Bool {
        try await updateUser("set plan", userID: userID, set: "plan = ?2", .text(plan.rawValue), now: now)
    }

    public func setRole(userID: String, role: Role, now: Int) async throws -> Bool {
        try await updateUser("set role", userID: userID, set: "role = ?2", .text(role.rawValue), now: now)
    }

    public func setStripeCustomer(userID: String, customerID: String, now: Int) async throws -> Bool {
        let operation = "set Stripe customer"
        guard !customerID.isEmpty else {
            throw StorageError.invalidArgument(operation: operation, reason: "empty customer id")
        }
        return try await updateUser(operation, userID: userID, set: "stripe_customer_id = ?2", .text(customerID), now: now)
    }

    public func deleteUser(id: String) async throws -> Bool {
        let operation = "delete user"
        return try await write(operation) { connection in
            try connection.run("DELETE FROM users WHERE id = ?1", [.text(id)], operation: operation) > 0
        }
    }

    private func readUser(_ operation: String, where condition: String, _ value: SQLiteValue) async throws -> UserRecord? {
        let sql = "SELECT \(UserRecord.selectColumns) FROM users WHERE \(condition) ORDER BY last_login_at DESC LIMIT 1"
        return try await read(operation) { connection in
            try connection.firstRow(sql, [value], operation: operation, UserRecord.init(row:))
        }
    }

    /// Sets one column (`?2`) and `updated_at` of one user; false when there is no such user.
    private func updateUser(_ operation: String, userID: String, set assignment: String, _ value: SQLiteValue, now: Int) async throws -> Bool {
        let sql = "UPDATE users SET \(assignment), updated_at = ?3 WHERE id = ?1"
        return try await write(operation) { connection in
            try connection.run(sql, [.text(userID), value, .int(now)], operation: operation) > 0
        }
    }
}
