extension PostgresStore {
    public func upsertUserFromSignIn(id: String, email: String, name: String?, pictureURL: String?, now: Int) async throws -> UserRecord {
        let operation = "upsert user from sign-in"
        try Validate.userID(id, operation)
        let sql = """
            INSERT INTO users (id, email, name, picture_url, created_at, last_login_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $5, $5)
            ON CONFLICT (id) DO UPDATE SET
                email = excluded.email,
                name = COALESCE(excluded.name, users.name),
                picture_url = COALESCE(excluded.picture_url, users.picture_url),
                last_login_at = excluded.last_login_at,
                updated_at = excluded.updated_at
            RETURNING \(UserRecord.selectColumns)
            """
        let values: [PostgresValue] = [.text(id), .text(email), .text(name), .text(pictureURL), .int(now)]
        return try await withConnection(operation) { connection in
            guard let user = try await connection.firstRow(sql, values, operation: operation, UserRecord.init(row:)) else {
                throw StorageError.invalidStoredValue(operation: operation, column: "RETURNING")
            }
            return user
        }
    }

    public func user(id: String) async throws -> UserRecord? {
        try await readUser("read user by id", where: "id = $1", .text(id))
    }

    public func user(byEmail email: String) async throws -> UserRecord? {
        // `email` is COLLATE "C", where lower() folds ASCII letters only, like SQLite's NOCASE.
        try await readUser("read user by email", where: #"lower(email) = lower($1 COLLATE "C")"#, .text(email))
    }

    public func user(byStripeCustomerID customerID: String) async throws -> UserRecord? {
        try await readUser("read user by Stripe customer", where: "stripe_customer_id = $1", .text(customerID))
    }

    public func updateSettings(userID: String, patch: UserSettingsPatch, now: Int) async throws -> UserSettings? {
        let operation = "update settings"
        return try await inTransaction(operation) { connection -> UserSettings? in
            guard let stored = try await connection.firstRow(
                "SELECT settings FROM users WHERE id = $1 FOR UPDATE", [.text(userID)], operation: operation, { try $0.text(0) })
            else { return nil }
            let merged = SettingsJSON.decode(stored).merging(patch)
            try await connection.run(
                "UPDATE users SET settings = $2, updated_at = $3 WHERE id = $1",
                [.text(userID), .text(try SettingsJSON.encode(merged, operation: operation)), .int(now)],
                operation: operation)
            return merged
        }
    }

    public func setPlan(userID: String, plan: Plan, now: Int) async throws -> Bool {
        try await updateUser("set plan", userID: userID, set: "plan = $2", .text(plan.rawValue), now: now)
    }

    public func setRole(userID: String, role: Role, now: Int) async throws -> Bool {
        try await updateUser("set role", userID: userID, set: "role = $2", .text(role.rawValue), now: now)
    }

    public func deleteUser(id: String) async throws -> Bool {
        let operation = "delete user"
        return try await withConnection(operation) { connection in
            try await connection.run("DELETE FROM users WHERE id = $1", [.text(id)], operation: operation) > 0
        }
    }

    public func registerDevice(userID: String, deviceID: String, now: Int) async throws -> DeviceRecord {
        let operation = "register device"
        guard !deviceID.isEmpty else { throw StorageError.invalidArgument(operation: operation, reason: "empty device id") }
        let sql = """
            INSERT INTO devices (user_id, device_id, first_seen, last_seen) VALUES ($1, $2, $3, $3)
            ON CONFLICT (user_id, device_id) DO UPDATE SET last_seen = GREATEST(devices.last_seen, excluded.last_seen)
            RETURNING \(DeviceRecord.selectColumns)
            """
        return try await inTransaction(operation) { connection in
            try await connection.requireUser(userID, operation: operation)
            guard let device = try await connection.firstRow(
                sql, [.text(userID), .text(deviceID), .int(now)], operation: operation, DeviceRecord.init(row:))
            else { throw StorageError.invalidStoredValue(operation: operation, column: "RETURNING") }
            return device
        }
    }

    public func devices(userID: String) async throws -> [DeviceRecord] {
        let operation = "list devices"
        let sql = "SELECT \(DeviceRecord.selectColumns) FROM devices WHERE user_id = $1 ORDER BY last_seen DESC, device_id"
        return try await withConnection(operation) { connection in
            try await connection.rows(sql, [.text(userID)], operation: operation, DeviceRecord.init(row:))
        }
    }

    private func readUser(_ operation: String, where condition: String, _ value: PostgresValue) async throws -> UserRecord? {
        let sql = "SELECT \(UserRecord.selectColumns) FROM users WHERE \(condition) ORDER BY last_login_at DESC LIMIT 1"
        return try await withConnection(operation) { connection in
            try await connection.firstRow(sql, [value], operation: operation, UserRecord.init(row:))
        }
    }

    /// Sets one column (`$2`) and `updated_at` of one user; false when there is no such user.
    func updateUser(_ operation: String, userID: String, set assignment: String, _ value: PostgresValue, now: Int) async throws -> Bool {
        let sql = "UPDATE users SET \(assignment), updated_at = $3 WHERE id = $1"
        return try await withConnection(operation) { connection in
            try await connection.run(sql, [.text(userID), value, .int(now)], operation: operation) > 0
        }
    }
}
