/// Why a sale definition was refused: every problem found, not only the first.
public struct SaleDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in the order they were found.
    public var problems: [FieldProblem]

    /// Creates an error from its problems.
    public init(problems: [FieldProblem]) {
        self.problems = problems
    }

    /// One line for people and logs: `invalid sale definition (2 problems): id: is required; skus: ...`.
    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "invalid sale definition (\(count)): " + problems.map(\.description).joined(separator: "; ")
    }
}

extension String {
    /// The string quoted and escaped for a one-line message, cut to 40 characters.
    var quotedForMessage: String {
        count <= 40 ? debugDescription : String(prefix(40)).debugDescription + "..."
    }
}
