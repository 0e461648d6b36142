import TestSupport
import Foundation
import HTTP1
import Logging
import Synchronization
@testable import Eloquent
@testable import HTTPServer

/// A loopback Stripe built from the project's own `HTTPServer` and `Router`: records every request (headers and
/// decoded form fields) and answers with Stripe-shaped JSON. Customers are deduplicated by `Idempotency-Key` as
/// Stripe does; the price `price_broken` is refused with an `invalid_request_error`.
final class BillingStripeStandIn: Sendable {
    struct Recorded: Sendable {
        var path: String
        /// Lowercased names.
        var headers: [String: String]
        var form: [String: String]
    }

    private let state: StripeStandInState
    private let server: StandInServer
    var port: Int { server.port }

    init() throws {
        let state = StripeStandInState()
        self.state = state
        var router = Router()
        for path in ["/v1/customers", "/v1/checkout/sessions", "/v1/billing_portal/sessions"] {
            router.post(path) { request in try await state.handle(request) }
        }
        server = try StandInServer(router, shutdownTimeout: .seconds(5))
    }

    func url(_ path: String = "") -> String { server.url(path) }

    func stop() { server.stop() }

    /// Every request so far, oldest first.
    var requests: [Recorded] { state.recorded.withLock { $0 } }

    func requests(to path: String) -> [Recorded] { requests.filter { $0.path == path } }

    /// `application/x-www-form-urlencoded` decoding (`+` is a space, `%XX` a byte); the last value of a key wins.
    static func decodeForm(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            out[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return out
    }

    private static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What the stand-in has seen, and its answers.
final class StripeStandInState: Sendable {
    let recorded = Mutex<[BillingStripeStandIn.Recorded]>([])
    let customersByKey = Mutex<[String: String]>([:])

    func handle(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.lowercased()] = field.value }
        let form = BillingStripeStandIn.decodeForm(String(decoding: body, as: UTF8.self))
        let index = recorded.withLock { $0.append(.init(path: request.path, headers: headers, form: form)); return $0.count }
        switch request.path {
        case "/v1/customers":
            let key = headers["idempotency-key"] ?? UUID().uuidString
            let id = customersByKey.withLock { table in
                if let existing = table[key] { return existing }
                let created = "cus_test_\(table.count + 1)"
                table[key] = created
                return created
            }
            return .json(#"{"id":"\#(id)","object":"customer"}"#)
        case "/v1/checkout/sessions":
            if form["line_items[0][price]"] == "price_broken" {
                return .json(#"{"error":{"message":"No such price: 'price_broken'","type":"invalid_request_error"}}"#, status: 400)
            }
            return .json(#"{"id":"cs_test_\#(index)","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_test_\#(index)"}"#)
        default:
            return .json(#"{"id":"bps_\#(index)","object":"billing_portal.session","url":"https://billing.stripe.com/p/session/test_\#(index)"}"#)
        }
    }
}
