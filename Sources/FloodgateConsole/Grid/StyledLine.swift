/// A run of text drawn in one role.
public struct Span: Sendable, Hashable {
    public var text: String
    public var role: StyleRole

    /// Creates a span.
    public init(_ text: String, _ role: StyleRole = .text) {
        self.text = text
        self.role = role
    }
}

/// One line of styled text, built span by span; panels return these and the frame draws them.
public struct StyledLine: Sendable, Hashable, ExpressibleByStringLiteral {
    public private(set) var spans: [Span]

    /// Creates a line from spans.
    public init(_ spans: [Span] = []) {
        self.spans = spans
    }

    /// Creates a line of plain text.
    public init(stringLiteral text: String) {
        self.init([Span(text)])
    }

    /// Creates a line of one span.
    public init(_ text: String, _ role: StyleRole) {
        self.init([Span(text, role)])
    }

    /// The text without styles.
    public var plainText: String { spans.map(\.text).joined() }

    /// The same text with every span drawn `.dim`: figures that can no longer be trusted.
    public var dimmed: StyledLine { StyledLine(spans.map { Span($0.text, .dim) }) }

    /// The columns the line takes.
    public var width: Int { spans.reduce(0) { $0 + DisplayWidth.of($1.text) } }

    /// Appends a span.
    public mutating func append(_ text: String, _ role: StyleRole = .text) {
        guard !text.isEmpty else { return }
        spans.append(Span(text, role))
    }

    /// Appends another line's spans.
    public mutating func append(_ line: StyledLine) {
        spans += line.spans
    }

    /// Appends spaces up to `column`.
    public mutating func pad(to column: Int) {
        append(String(repeating: " ", count: max(0, column - width)))
    }

    /// This line followed by `right`, pushed to the right edge of `width` columns
    /// (`right` is dropped when both do not fit with a gap of one column).
    public func withRight(_ right: StyledLine, width: Int) -> StyledLine {
        guard self.width + 1 + right.width <= width else { return self }
        var line = self
        line.pad(to: width - right.width)
        line.append(right)
        return line
    }

    /// The line cut to at most `columns` columns; a cut line ends with `ellipsis`.
    public func truncated(to columns: Int, ellipsis: String = "…") -> StyledLine {
        guard width > columns else { return self }
        let keep = max(0, columns - DisplayWidth.of(ellipsis))
        var result = StyledLine()
        var used = 0
        for span in spans {
            var text = ""
            for character in span.text {
                let size = DisplayWidth.of(character)
                guard used + size <= keep else { break }
                text.append(character)
                used += size
            }
            result.append(text, span.role)
            if used >= keep { break }
        }
        result.append(columns > 0 ? ellipsis : "", spans.last?.role ?? .text)
        return result
    }
}

extension StyledLine {
    /// The line followed by plain text.
    static func + (left: StyledLine, right: String) -> StyledLine {
        var line = left
        line.append(right)
        return line
    }

    /// The two lines one after the other.
    static func + (left: StyledLine, right: StyledLine) -> StyledLine {
        var line = left
        line.append(right)
        return line
    }
}

extension String {
    /// The string cut or space-padded to exactly `columns` columns, aligned left or right.
    func fitted(_ columns: Int, alignRight: Bool = false) -> String {
        let width = DisplayWidth.of(self)
        if width > columns { return StyledLine(self, .text).truncated(to: columns).plainText }
        let padding = String(repeating: " ", count: columns - width)
        return alignRight ? padding + self : self + padding
    }
}

extension String {
    /// The string in at most `columns` columns, cut in the middle so both ends stay
    /// (`PARKA-NAVY-XL` in 9 columns is `PARK…Y-XL`: the size at the end is kept).
    func middleShortened(to columns: Int, ellipsis: String = "…") -> String {
        guard DisplayWidth.of(self) > columns else { return self }
        guard columns > 2 else { return fitted(columns) }
        let keep = columns - DisplayWidth.of(ellipsis)
        let characters = Array(self)
        var head = "", tail = ""
        var used = 0
        for index in 0..<characters.count where used < keep {
            let fromTail = index % 2 == 0
            let character = fromTail ? characters[characters.count - 1 - index / 2] : characters[index / 2]
            guard used + DisplayWidth.of(character) <= keep else { break }
            used += DisplayWidth.of(character)
            if fromTail { tail.insert(character, at: tail.startIndex) } else { head.append(character) }
        }
        return head + ellipsis + tail
    }
}
