/// One problem with one field of a request or a sale definition.
public struct FieldProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Where the problem is: a JSON path such as `skus[1].stock` or `payment.failure_rate`;
    /// `$` is the whole document.
    public var field: String
    /// What is wrong, in words for a human: `must be between 0 and 10000000, got -5`.
    public var message: String

    /// Creates a problem for `field`.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `field: message`.
    public var description: String {
        "\(field): \(message)"
    }

    /// Whether this problem is at `path` or inside it (`skus[1]` covers `skus[1].stock`).
    func isCovered(by path: String) -> Bool {
        field == path || field.hasPrefix(path + ".") || field.hasPrefix(path + "[")
    }
}
