/// An audio container the transcription providers accept, recognised by its bytes (never by
/// the client's file name or Content-Type).
public enum AudioFormat: String, Sendable, CaseIterable {
    case wav
    case mp3
    case flac
    case ogg
    case webm
    /// Matroska other than WebM (EBML doctype `matroska`).
    case matroska
    case m4a
    case mp4

    /// The MIME type to send upstream.
    public var mimeType: String {
        switch self {
        case .wav: "audio/wav"
        case .mp3: "audio/mpeg"
        case .flac: "audio/flac"
        case .ogg: "audio/ogg"
        case .webm: "audio/webm"
        case .matroska: "audio/x-matroska"
        case .m4a: "audio/mp4"
        case .mp4: "video/mp4"
        }
    }

    /// The file name extension, without the dot, to name the upload.
    public var fileExtension: String {
        switch self {
        case .wav: "wav"
        case .mp3: "mp3"
        case .flac: "flac"
        case .ogg: "ogg"
        case .webm: "webm"
        case .matroska: "mkv"
        case .m4a: "m4a"
        case .mp4: "mp4"
        }
    }
}
