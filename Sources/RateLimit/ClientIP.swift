import Basics
/// Works out the client address a request's rate-limit key belongs to.
///
/// Rules, safest first:
/// 1. The peer (the socket's remote address) is the client unless `isTrusted(peer)`. Headers
///    from an untrusted peer are ignored entirely, so a spoofed `X-Forwarded-For` never changes
///    the key.
/// 2. From a trusted peer, the `X-Forwarded-For` elements (all header values, in order, joined)
///    are walked right to left. Each trusted proxy appended the address it received the request
///    from, so the walk skips trusted addresses and the first untrusted one is the client;
///    everything to its left was written by the client and is never read.
/// 3. If every element is trusted, the left-most one is the client (an internal caller).
/// 4. An element that is not exactly one address (garbage, a port, brackets, a zone id) ends the
///    walk and the key is the peer. Such an element sits where a trusted proxy should have
///    written an address, so the chain cannot be believed; a client cannot put one there (its
///    own text is always left of its real, untrusted address). Falling back to the peer fails
///    closed: the key becomes the proxy's, which can only make limiting stricter, never evadable.
///    Empty elements (`a,,b`, a blank header) are ignored, as RFC 9110 asks of list headers.
/// 5. With no `X-Forwarded-For` elements, a valid `X-Real-IP` is the client; otherwise the peer.
///
/// Addresses are normalised (see ``IPAddress``) before `isTrusted` sees them and in the result.
/// A peer that does not parse is used as given: it comes from the kernel, not the client.
public enum ClientIP {
    /// The rate-limit key for a request from `peer` carrying these headers.
    /// - Parameters:
    ///   - forwardedFor: every `X-Forwarded-For` header value, in the order received.
    ///   - realIP: the `X-Real-IP` header value, if any.
    ///   - isTrusted: whether a (normalised) address is one of the trusted proxies.
    public static func resolve(peer: String, forwardedFor: [String], realIP: String?,
                               isTrusted: (String) -> Bool) -> String {
        resolve(peer: peer, forwardedFor: forwardedFor, realIP: realIP) { _, text in isTrusted(text) }
    }

    /// The same with the trusted proxies as networks (`TRUSTED_PROXIES`): each address is parsed once.
    public static func resolve(peer: String, forwardedFor: [String], realIP: String?, trustedProxies: [CIDR]) -> String {
        resolve(peer: peer, forwardedFor: forwardedFor, realIP: realIP) { address, _ in
            trustedProxies.contains { $0.contains(address) }
        }
    }

    /// The walk of the rules above; `trusts` gets each address parsed and as canonical text.
    static func resolve(peer: String, forwardedFor: [String], realIP: String?,
                        trusts: (IPAddress, String) -> Bool) -> String {
        // A peer that does not parse is the kernel's, used as given (and never trusted).
        guard let (peerAddress, peerKey) = canonical(peer) else { return peer }
        guard trusts(peerAddress, peerKey) else { return peerKey }
        var leftmost: String?
        for element in ReversedListElements(forwardedFor) where !element.isEmpty {
            guard let (address, text) = canonical(element) else { return peerKey }
            if !trusts(address, text) { return text }
            leftmost = text
        }
        if let leftmost { return leftmost }
        if let realIP, let (_, text) = canonical(realIP.trimmingWhitespace()) { return text }
        return peerKey
    }

    /// The key a client address is limited under (SPEC section 8): an IPv4 address (or IPv4-mapped IPv6) as is, an
    /// IPv6 address by its /64 (`2001:db8:1:2::/64`), since one subscriber or host usually holds a whole /64 and can
    /// pick any address in it. Text that is not an address is returned unchanged.
    public static func limitKey(_ address: String) -> String {
        if IPAddress.dottedIPv4(address) != nil { return address }
        guard let parsed = IPAddress(address) else { return address }
        if let v4 = parsed.ipv4 { return IPAddress.v4(v4).description }
        let (high, _) = parsed.ipv6Halves
        return IPAddress.v6(high: high, low: 0).description + "/64"
    }

    /// True when `text` is exactly one IPv4 or IPv6 address (no port, brackets or spaces).
    public static func isValidAddress(_ text: String) -> Bool {
        IPAddress(text) != nil
    }

    /// The canonical text of the address `text`, or `nil` when it is not exactly one address.
    public static func normalize(_ text: some StringProtocol) -> String? {
        canonical(text)?.text
    }

    /// `text` parsed, with its canonical text (one client is one key: an IPv4-mapped IPv6 address is written as the
    /// IPv4 address); nil when it is not exactly one address.
    static func canonical(_ text: String) -> (address: IPAddress, text: String)? {
        // The common case, every request: dotted decimal, parsed strictly, is already canonical.
        if let v4 = IPAddress.dottedIPv4(text) { return (.v4(v4), text) }
        return canonical(text[...])
    }

    static func canonical(_ text: some StringProtocol) -> (address: IPAddress, text: String)? {
        guard let address = IPAddress(text) else { return nil }
        if let v4 = address.ipv4 { return (.v4(v4), IPAddress.v4(v4).description) }
        return (address, address.description)
    }
}
