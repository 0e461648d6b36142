/// What the pool knows of one connection socket it opened for libcurl.
struct SocketRecord {
    /// libcurl is watching it for a transfer.
    var busy = false
    /// Loop time (ms) when it last stopped being busy.
    var idleSince: UInt64
    /// The pool shut it down after `idleTimeout`; libcurl will close it when it next looks at it.
    var shutDown = false
}
