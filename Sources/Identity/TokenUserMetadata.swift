/// The display fields of Supabase's `user_metadata`; anything malformed reads as absent.
struct TokenUserMetadata: Decodable {
    var name: String?
    var pictureURL: String?

    private enum CodingKeys: String, CodingKey {
        case fullName = "full_name", name, avatarURL = "avatar_url", picture
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) -> String? {
            guard let value = try? c.decodeIfPresent(String.self, forKey: key), !value.isEmpty else { return nil }
            return value
        }
        name = text(.fullName) ?? text(.name)
        pictureURL = text(.avatarURL) ?? text(.picture)
    }
}
