import Foundation

/// The status line's message: the latest result, refusal or hint.
public struct StatusMessage: Sendable, Hashable {
    /// How the message reads.
    public enum Tone: Sendable, Hashable {
        case info, success, failure
    }

    public var text: String
    public var tone: Tone

    /// Creates a message.
    public init(_ text: String, tone: Tone = .info) {
        self.text = text
        self.tone = tone
    }
}
