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
