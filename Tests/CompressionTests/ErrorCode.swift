import Compression

/// The `CompressionError.code` that `body` throws, nil when it returns normally, and
/// `Int32.min` for any other error.
func errorCode(_ body: () throws -> Void) -> Int32? {
    do {
        try body()
        return nil
    } catch let error as CompressionError {
        return error.code
    } catch {
        return Int32.min
    }
}
