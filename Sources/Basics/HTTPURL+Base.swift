extension HTTPURL {
    /// The URL as a base to append paths to (`https://x.supabase.co/` → `https://x.supabase.co`).
    package var base: String {
        var text = Substring(description)
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
