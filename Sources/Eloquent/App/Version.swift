/// The server's version, shown by `eloquent-server version`, `/` and `/health`.
public enum EloquentVersion {
    public static let current = "0.1.0"
    public static let serviceName = "Eloquent Server"
}
