import Foundation
/// A page template: HTML with `{{name}}`, filled with a value HTML-escaped, and `{{{name}}}`,
/// filled as it is (HTML the daemon built from other templates). A name without a value is
/// filled with nothing. Parsed once, when the daemon starts.
struct PageTemplate: Sendable {
    private enum Segment: Sendable {
        case text(String)
        case escaped(String)
        case raw(String)
    }

    private let segments: [Segment]

    /// Parses `text`; an unclosed `{{` is kept as text.
    init(_ text: String) {
        var segments: [Segment] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            segments.append(.text(String(rest[..<open.lowerBound])))
            let raw = rest[open.upperBound...].hasPrefix("{")
            let nameStart = raw ? rest.index(after: open.upperBound) : open.upperBound
            let closing = raw ? "}}}" : "}}"
            guard let close = rest[nameStart...].range(of: closing) else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = String(rest[nameStart..<close.lowerBound])
            segments.append(raw ? .raw(name) : .escaped(name))
            rest = rest[close.upperBound...]
        }
        segments.append(.text(String(rest)))
        self.segments = segments
    }

    /// The page with every placeholder filled from `values`.
    func render(_ values: [String: String]) -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case .text(let text): out += text
            case .escaped(let name): out += HTMLText.escape(values[name] ?? "")
            case .raw(let name): out += values[name] ?? ""
            }
        }
        return out
    }
}

/// Text made safe to put in HTML, in element content and in quoted attribute values alike.
enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` written as character references.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { "&<>\"'".utf8.contains($0) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
