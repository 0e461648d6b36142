extension SQLiteConnection {
    /// Every plan with its number of users; a stored plan this program does not know counts as free.
    func countUsersByPlan(operation: String) throws -> [Plan: Int] {
        var counts = Dictionary(uniqueKeysWithValues: Plan.allCases.map { ($0, 0) })
        let rows = try rows("SELECT plan, COUNT(*) FROM users GROUP BY plan", operation: operation) {
            (Plan(storedValue: try $0.text(0)), try $0.int(1))
        }
        for (plan, count) in rows { counts[plan, default: 0] += count }
        return counts
    }
}
