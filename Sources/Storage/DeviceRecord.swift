/// A desktop installation a user has signed in from. Times are epoch seconds.
public struct DeviceRecord: Sendable, Codable, Hashable {
    public var userID: String
    public var deviceID: String
    public var firstSeen: Int
    public var lastSeen: Int

    public init(userID: String, deviceID: String, firstSeen: Int, lastSeen: Int) {
        self.userID = userID
        self.deviceID = deviceID
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

extension DeviceRecord {
    /// The columns `init(row:)` reads, in order.
    static let selectColumns = "user_id, device_id, first_seen, last_seen"

    init(row: some StoredRow) throws {
        self.init(userID: try row.text(0), deviceID: try row.text(1), firstSeen: try row.int(2), lastSeen: try row.int(3))
    }
}
