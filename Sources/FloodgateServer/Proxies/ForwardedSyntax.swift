/// The syntax of RFC 7239's `Forwarded` header: comma-separated elements, each of
/// semicolon-separated `name=value` pairs, a value being a token or a quoted string.
enum ForwardedSyntax {
    /// One `name=value` pair; the name lowercased, the value unquoted.
    struct Pair: Equatable {
        let name: String
        let value: Substring
    }

    /// The elements of one header line; nil when the line breaks the grammar.
    static func elements(_ line: String) -> [[Pair]]? {
        var parser = Parser(text: Substring(line))
        var elements: [[Pair]] = []
        repeat {
            guard let element = parser.element() else { return nil }
            elements.append(element)
        } while parser.consume(",")
        return parser.atEnd ? elements : nil
    }

    private struct Parser {
        var text: Substring

        var atEnd: Bool {
            mutating get { skipBlanks(); return text.isEmpty }
        }

        mutating func element() -> [Pair]? {
            var pairs: [Pair] = []
            repeat {
                skipBlanks()
                guard let name = token(), consume("="), let value = value() else { return nil }
                pairs.append(Pair(name: name.lowercased(), value: value))
            } while consume(";")
            return pairs
        }

        mutating func consume(_ character: Character) -> Bool {
            skipBlanks()
            guard text.first == character else { return false }
            text = text.dropFirst()
            return true
        }

        private mutating func value() -> Substring? {
            guard text.first == "\"" else { return token() }
            var result = ""
            var index = text.index(after: text.startIndex)
            while index < text.endIndex {
                let character = text[index]
                if character == "\"" {
                    text = text[text.index(after: index)...]
                    return Substring(result)
                }
                if character == "\\" {
                    index = text.index(after: index)
                    guard index < text.endIndex else { return nil }
                }
                result.append(text[index])
                index = text.index(after: index)
            }
            return nil
        }

        private mutating func token() -> Substring? {
            let end = text.firstIndex { !Self.isTokenCharacter($0) } ?? text.endIndex
            guard end > text.startIndex else { return nil }
            defer { text = text[end...] }
            return text[..<end]
        }

        private mutating func skipBlanks() {
            text = text.drop { $0 == " " || $0 == "\t" }
        }

        /// RFC 7230 `tchar`.
        private static func isTokenCharacter(_ character: Character) -> Bool {
            guard character.isASCII, let ascii = character.asciiValue else { return false }
            if character.isLetter || character.isNumber { return true }
            return "!#$%&'*+-.^_`|~".utf8.contains(ascii)
        }
    }
}
