import Foundation

/// Reading JSON values the way the tests need them.
enum AccountJSONValue {
    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
    static func object(_ value: Any?) -> [String: Any] { value as? [String: Any] ?? [:] }
}
