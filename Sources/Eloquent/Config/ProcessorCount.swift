import Glibc

/// The number of processors currently online.
enum ProcessorCount {
    /// `sysconf(_SC_NPROCESSORS_ONLN)`, or 1 when the system cannot tell (it returns -1).
    static var online: Int {
        let count = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return count >= 1 ? count : 1
    }
}
