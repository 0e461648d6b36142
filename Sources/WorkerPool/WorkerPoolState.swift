/// The life cycle of a `WorkerPool`: `running` until `drain()` is called, `draining` while
/// accepted jobs finish, then `stopped` for good.
public enum WorkerPoolState: String, Sendable, Equatable {
    case running
    case draining
    case stopped
}
