import HTTP1

/// An error that knows the response it should become (Hummingbird's pattern). Anything else thrown by a handler is
/// logged and becomes a 500.
public protocol HTTPResponseError: Error {
    var status: Int { get }
    func response() -> Response
}

/// The server's own errors with a status and a JSON `{"error": …}` body.
public struct HTTPError: HTTPResponseError, Sendable, Equatable {
    public var status: Int
    public var message: String
    /// Extra JSON members, already encoded (`("maxSize", "26214400")`).
    public var extra: [Extra]
    public var headers: [Extra]

    public struct Extra: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    public init(_ status: Int, _ message: String, extra: [Extra] = [], headers: [Extra] = []) {
        self.status = status
        self.message = message
        self.extra = extra
        self.headers = headers
    }

    public func response() -> Response {
        var response = Response.error(message, status: status, extra: extra.map { ($0.name, $0.value) })
        for header in headers { response.headers.add(header.name, header.value) }
        return response
    }

    public static func payloadTooLarge(max: Int) -> HTTPError {
        HTTPError(413, "Request too large", extra: [Extra("maxSize", String(max))])
    }
}
