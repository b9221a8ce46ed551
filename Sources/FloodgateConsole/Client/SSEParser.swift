/// Reads a `text/event-stream` body: lines of `field: value`, events ended by a blank line.
/// Only `data` matters here; comments (`:`) and other fields are skipped.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var data: [String] = []
    /// The longest line kept; longer lines are cut (a snapshot is a few kilobytes).
    private let lineLimit: Int

    /// A parser for a new stream.
    public init(lineLimit: Int = 1 << 20) {
        self.lineLimit = lineLimit
    }

    /// Feeds bytes from the stream.
    /// - Returns: the data of each event completed by these bytes, its `data:` lines joined by `\n`.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        var events: [String] = []
        for byte in bytes {
            guard byte == UInt8(ascii: "\n") else {
                if line.count < lineLimit { line.append(byte) }
                continue
            }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if let event = endLine() { events.append(event) }
            line.removeAll(keepingCapacity: true)
        }
        return events
    }

    /// Handles a complete line; returns an event's data when the line is blank.
    private mutating func endLine() -> String? {
        guard !line.isEmpty else {
            defer { data.removeAll() }
            return data.isEmpty ? nil : data.joined(separator: "\n")
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("data") else { return nil }
        let rest = text.dropFirst(4)
        if rest.isEmpty {
            data.append("")
        } else if rest.hasPrefix(":") {
            let value = rest.dropFirst()
            data.append(String(value.hasPrefix(" ") ? value.dropFirst() : value))
        }
        return nil
    }
}
