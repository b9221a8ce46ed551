/// A one-line text field: the command line, the log filter, the rollback confirmation.
public struct LineEditor: Sendable, Hashable {
    /// The text typed so far.
    public private(set) var text: String
    /// The most characters it takes.
    public let limit: Int

    /// Creates a field holding `text`.
    public init(_ text: String = "", limit: Int = 120) {
        self.text = text
        self.limit = limit
    }

    /// Applies an editing key.
    /// - Returns: whether the key edited the text (printable characters and backspace do).
    public mutating func edit(_ key: Key) -> Bool {
        switch key {
        case .character(let character):
            if text.count < limit { text.append(character) }
            return true
        case .backspace:
            if !text.isEmpty { text.removeLast() }
            return true
        default:
            return false
        }
    }
}
