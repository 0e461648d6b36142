/// One result row, read by column number (from 0), whichever database it came from. The record
/// types decode themselves from any `StoredRow`, so both stores share one mapping per record.
protocol StoredRow {
    func optionalText(_ column: Int32) -> String?
    func text(_ column: Int32) throws -> String
    func optionalInt(_ column: Int32) -> Int?
    func int(_ column: Int32) throws -> Int
    func int64(_ column: Int32) throws -> Int64
    func double(_ column: Int32) throws -> Double
    func bool(_ column: Int32) throws -> Bool
}
