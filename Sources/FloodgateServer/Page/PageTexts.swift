import Foundation

/// The page's texts in one language, read from `texts/<language>.txt`: one `key = value` a line,
/// `#` comments. `{name}` in a value is filled in by the daemon (``text(_:_:)``) or the page's script.
struct PageTexts: Sendable {
    /// The language's code, such as `en`.
    let language: String
    let values: [String: String]

    /// Parses a texts file.
    init(language: String, file: String) {
        var values: [String: String] = [:]
        for line in file.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.range(of: " = ") else { continue }
            values[String(line[..<equals.lowerBound]).trimmingCharacters(in: .whitespaces)] = String(line[equals.upperBound...])
        }
        self.language = language
        self.values = values
    }

    /// The text under `key` with its `{name}` placeholders filled; the key itself when missing.
    func text(_ key: String, _ fills: [String: String] = [:]) -> String {
        var text = values[key] ?? key
        for (name, value) in fills {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// Every text as a JSON object for the page's script, safe inside `<script>`: `<` is escaped.
    var json: String {
        let members = values.sorted { $0.key < $1.key }.map { JSONText.quote($0.key) + ":" + JSONText.quote($0.value) }
        return ("{" + members.joined(separator: ",") + "}").replacingOccurrences(of: "<", with: "\\u003c")
    }
}

/// Every language the page speaks, and the choice for a request: `?lang=`, else the best of
/// `Accept-Language` (by its `q` weights), else English.
struct PageLanguages: Sendable {
    /// The language used when nothing else matches.
    static let fallback = "en"
    /// The texts by language code.
    let texts: [String: PageTexts]

    /// The language codes, sorted.
    var codes: [String] { texts.keys.sorted() }

    /// The texts for a request.
    func choose(query: String?, acceptLanguage: String?) -> PageTexts {
        if let query, let texts = texts[query.lowercased()] { return texts }
        for code in Self.preferences(acceptLanguage ?? "") {
            if let texts = texts[code] { return texts }
        }
        return texts[Self.fallback]!
    }

    /// The primary language subtags of an `Accept-Language` header, most wanted first (q = 0 left out).
    static func preferences(_ header: String) -> [String] {
        let ranked = header.split(separator: ",").enumerated().compactMap { index, item -> (code: String, q: Double, index: Int)? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, !tag.isEmpty else { return nil }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let code = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
            return q > 0 ? (code, q, index) : nil
        }
        return ranked.sorted { ($0.q, -$0.index) > ($1.q, -$1.index) }.map(\.code)
    }
}
