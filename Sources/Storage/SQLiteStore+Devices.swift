extension SQLiteStore {
    public func registerDevice(userID: String, deviceID: String, now: Int) async throws -> DeviceRecord {
        let operation = "register device"
        guard !deviceID.isEmpty else { throw StorageError.invalidArgument(operation: operation, reason: "empty device id") }
        let sql = """
            INSERT INTO devices (user_id, device_id, first_seen, last_seen) VALUES (?1, ?2, ?3, ?3)
            ON CONFLICT (user_id, device_id) DO UPDATE SET last_seen = MAX(devices.last_seen, excluded.last_seen)
            RETURNING \(DeviceRecord.selectColumns)
            """
        return try await write(operation) { connection in
            try connection.transaction(immediate: true, operation: operation) {
                try connection.requireUser(userID, operation: operation)
                guard let device = try connection.firstRow(
                    sql, [.text(userID), .text(deviceID), .int(now)], operation: operation, DeviceRecord.init(row:))
                else { throw StorageError.invalidStoredValue(operation: operation, column: "RETURNING") }
                return device
            }
        }
    }

    public func devices(userID: String) async throws -> [DeviceRecord] {
        let operation = "list devices"
        let sql = "SELECT \(DeviceRecord.selectColumns) FROM devices WHERE user_id = ?1 ORDER BY last_seen DESC, device_id"
        return try await read(operation) { connection in
            try connection.rows(sql, [.text(userID)], operation: operation, DeviceRecord.init(row:))
        }
    }
}
