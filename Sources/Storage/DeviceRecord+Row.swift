extension DeviceRecord {
    /// The columns `init(row:)` reads, in order.
    static let selectColumns = "user_id, device_id, first_seen, last_seen"

    init(row: some StoredRow) throws {
        self.init(userID: try row.text(0), deviceID: try row.text(1), firstSeen: try row.int(2), lastSeen: try row.int(3))
    }
}
