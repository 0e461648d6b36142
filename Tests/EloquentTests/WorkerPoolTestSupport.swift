enum WorkerPoolTestSupport {
    /// Suspends (without blocking a thread) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async throws {
        while !condition() { try await Task.sleep(for: .milliseconds(1)) }
    }
}
