/// What one plan allows per calendar month (UTC).
public struct PlanLimits: Sendable, Hashable {
    /// Minutes of audio per month; `-1` means unlimited (the API's convention).
    public var minutes: Int
    /// The plan's features, in `PlanFeature` declaration order.
    public var features: [PlanFeature]

    public init(minutes: Int, features: [PlanFeature]) {
        self.minutes = minutes
        self.features = features
    }

    public var isUnlimited: Bool { minutes < 0 }

    /// The monthly allowance in seconds, nil when unlimited (for `Store.recordUsage(limitSeconds:)`).
    public var monthlySeconds: Double? { isUnlimited ? nil : Double(minutes) * 60 }

    public func allows(_ feature: PlanFeature) -> Bool { features.contains(feature) }

    /// `{"minutes":…,"features":[…]}`.
    public var json: String {
        "{\"minutes\":\(minutes),\"features\":[" + features.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]}"
    }
}
