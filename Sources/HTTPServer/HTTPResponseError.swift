import HTTP1
/// An error with the status the client should get, a message, and extra members for the body. The server and its
/// middleware throw it; how it is rendered (its body's shape) is the application's choice, through an
/// `ErrorRenderer`.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var message: String
    /// Extra members for the body, their values already JSON-encoded (`("maxSize", "26214400")`).
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

    public var description: String { "\(status) \(message)" }

    public static func payloadTooLarge(max: Int) -> HTTPError {
        HTTPError(413, "Request too large", extra: [Extra("maxSize", String(max))])
    }
}

/// An error that knows the response it should become (Hummingbird's pattern): for errors whose owner wants a body of
/// its own making. The application's error handling answers with it as is.
public protocol HTTPResponseError: Error {
    var status: Int { get }
    func response() -> Response
}

/// Turns an error the server itself decided (a request it could not parse, a head too large or too slow, a body
/// declared too large, a handler that threw) into a response. The application supplies one so that these answers
/// have its own shape and headers; the default is plain text.
public protocol ErrorRenderer: Sendable {
    /// The response for `error`; `path` is the request's path when the request line was read.
    func response(for error: HTTPError, path: String?) -> Response

    /// The response for a request the server refused before its responder ran (413 from `Content-Length`, and
    /// 400/408/431 for a head it could not take). `request` is the parsed head when there is one, else what could be
    /// read of it (method, path and complete header lines, for shaping the answer only: never routed); its body is
    /// empty. An application runs its outer middleware here so that these responses carry the same headers as
    /// every other (request id, timing, CORS). The default is `response(for:path:)`.
    func respond(to error: HTTPError, request: Request) async -> Response
}

extension ErrorRenderer {
    public func respond(to error: HTTPError, request: Request) async -> Response {
        response(for: error, path: request.path)
    }
}

/// `message` as `text/plain`, with the error's headers.
public struct PlainTextErrorRenderer: ErrorRenderer {
    public init() {}

    public func response(for error: HTTPError, path: String?) -> Response {
        var response = Response.text(error.message + "\n", status: error.status)
        for header in error.headers { response.headers.add(header.name, header.value) }
        return response
    }
}
