/// One terminal cell: a character and the role it is drawn with.
public struct Cell: Sendable, Hashable {
    /// The character; ``Cell/continuationMark`` for the right half of a wide character.
    public var character: Character
    /// How the cell is drawn.
    public var role: StyleRole

    /// The placeholder stored right of a character two columns wide.
    public static let continuationMark: Character = "\u{0}"

    /// A blank cell in the text role.
    public static let blank = Cell(character: " ", role: .text)

    /// Creates a cell.
    public init(character: Character, role: StyleRole) {
        self.character = character
        self.role = role
    }

    /// Whether this cell is the right half of a wide character.
    public var isContinuation: Bool { character == Self.continuationMark }
}
