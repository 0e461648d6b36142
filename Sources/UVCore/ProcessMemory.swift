internal import CLibUV

/// The process heap.
public enum ProcessMemory {
    /// Returns freed heap memory to the kernel (glibc keeps large freed blocks after a burst of big requests).
    /// Returns true when some memory was released.
    @discardableResult
    public static func releaseFree() -> Bool {
        uvcore_release_free_memory() == 1
    }
}
