/// Strict ASCII decimal parsing for the signed text formats (no sign, no spaces, no leading `+`).
enum DecimalText {
    /// Parses 1...`maxDigits` ASCII digits (at most 18, so the value fits an `Int64`); `nil` otherwise.
    static func parse(_ text: some Collection<UInt8>, maxDigits: Int = 18) -> Int64? {
        guard !text.isEmpty, text.count <= min(maxDigits, 18) else { return nil }
        var value: Int64 = 0
        for character in text {
            guard (0x30...0x39).contains(character) else { return nil }
            value = value * 10 + Int64(character - 0x30)
        }
        return value
    }

    /// Whether every byte is an ASCII digit and the count is within `lengths`.
    static func isDigits(_ text: some Collection<UInt8>, lengths: ClosedRange<Int>) -> Bool {
        lengths.contains(text.count) && text.allSatisfy { (0x30...0x39).contains($0) }
    }
}
