import Foundation

/// Reads the `.theme` format: `key = value` lines, `#` comments.
///
/// Keys are `name`, `background` and the ``StyleRole`` raw values. A role's value is a foreground
/// colour, optionally `on` a background colour, and attributes:
/// `badge.critical = white on 160 bold`. Colours are `default`, names (`red`, `bright-red`,
/// `grey`) or 256-colour indexes.
public enum ThemeParser {
    /// Parses a theme file's text.
    /// - Parameter name: the theme's name, unless the file sets `name`.
    /// - Throws: ``ThemeError`` naming the line and what is wrong with it.
    public static func parse(_ text: String, name: String) throws(ThemeError) -> Theme {
        var theme = Theme(name: name)
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let fail = { (problem: String) in ThemeError(line: offset + 1, problem: problem) }
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw fail("expected 'key = value'") }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { throw fail("'\(key)' has no value") }
            switch key {
            case "name":
                theme.name = value
            case "background":
                guard let color = TerminalColor(name: value) else { throw fail("unknown colour '\(value)'") }
                theme.background = color
            default:
                guard let role = StyleRole(rawValue: key) else { throw fail("unknown key '\(key)'") }
                do throws(StyleError) {
                    theme.styles[role] = try style(value)
                } catch {
                    throw fail(error.message)
                }
            }
        }
        return theme
    }

    /// Parses `FG [on BG] [bold] [dim] [underline] [reverse]`.
    static func style(_ value: String) throws(StyleError) -> RoleStyle {
        var style = RoleStyle()
        var sawForeground = false
        var words = value.split(separator: " ").map(String.init)[...]
        while let word = words.popFirst() {
            switch word.lowercased() {
            case "bold": style.bold = true
            case "dim": style.dim = true
            case "underline": style.underline = true
            case "reverse": style.reverse = true
            case "on":
                guard let name = words.popFirst(), let color = TerminalColor(name: name) else {
                    throw StyleError(message: "'on' needs a background colour")
                }
                style.background = color
            default:
                guard !sawForeground, let color = TerminalColor(name: word) else {
                    throw StyleError(message: sawForeground ? "unexpected '\(word)'" : "unknown colour '\(word)'")
                }
                style.foreground = color
                sawForeground = true
            }
        }
        return style
    }

    struct StyleError: Error {
        var message: String
    }
}

/// A theme file that cannot be read, with the line at fault.
public struct ThemeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line number; 0 when the whole file is at fault.
    public var line: Int
    public var problem: String

    public var description: String { line > 0 ? "line \(line): \(problem)" : problem }
}
