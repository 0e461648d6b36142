public import HTTPServer

extension ServerConfiguration {
    /// The HTTP server's settings taken from the validated application configuration.
    public init(_ config: Config) {
        self.init()
        host = config.host
        port = config.port
        eventLoops = config.eventLoops
        headerTimeout = config.headerTimeout
        readTimeout = config.readTimeout
        writeTimeout = config.writeTimeout
        idleTimeout = config.idleTimeout
        maxHeaderBytes = config.maxHeaderBytes
        maxBodyBytes = config.maxBodyBytes
        maxConnections = config.maxConnections
        shutdownTimeout = config.shutdownTimeout
        http2MaxConcurrentStreams = config.http2MaxConcurrentStreams
        tlsCertificateFile = config.tlsCertFile
        tlsKeyFile = config.tlsKeyFile
    }
}
