/// A frame as plain data: `width` x `height` cells, each a character and a ``StyleRole``.
///
/// Everything the console shows is rendered into a grid first; the ncurses screen only copies
/// the grid to the terminal, and tests read the grid as text.
public struct CellGrid: Sendable, Hashable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    private var cells: [Cell]

    /// A grid of blank cells.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The whole grid as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// The cells of row `y`.
    public func cells(row y: Int) -> ArraySlice<Cell> {
        cells[(y * width)..<((y + 1) * width)]
    }

    /// Puts a character at (`x`, `y`); a wide character takes two cells.
    /// - Returns: the columns used (0 when the character does not fit or is zero-width).
    @discardableResult
    public mutating func put(_ character: Character, x: Int, y: Int, role: StyleRole) -> Int {
        let size = DisplayWidth.of(character)
        guard size > 0, y >= 0, y < height, x >= 0, x + size <= width else { return 0 }
        clearWideNeighbours(x: x, y: y, size: size)
        cells[y * width + x] = Cell(character: character, role: role)
        if size == 2 { cells[y * width + x + 1] = Cell(character: Cell.continuationMark, role: role) }
        return size
    }

    /// Writes `text` from (`x`, `y`), clipped at `x + maxWidth` and at the grid's edge.
    /// - Returns: the columns used.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, role: StyleRole, maxWidth: Int = .max) -> Int {
        var column = x
        let limit = min(width, x + min(max(0, maxWidth), width))
        for character in text {
            let size = DisplayWidth.of(character)
            guard column + size <= limit else { break }
            column += put(character, x: column, y: y, role: role)
        }
        return column - x
    }

    /// The row `y` as text, wide characters once, trailing spaces removed.
    public func rowText(_ y: Int) -> String {
        var text = String(cells(row: y).filter { !$0.isContinuation }.map(\.character))
        while text.last == " " { text.removeLast() }
        return text
    }

    /// The grid as text: one line a row, trailing spaces removed.
    public var text: String {
        (0..<height).map(rowText).joined(separator: "\n")
    }

    /// Blanks the halves of wide characters that a write at (`x`, `y`) would split.
    private mutating func clearWideNeighbours(x: Int, y: Int, size: Int) {
        let start = y * width
        if self[x, y].isContinuation, x > 0 { cells[start + x - 1] = .blank }
        let last = x + size - 1
        if last + 1 < width, cells[start + last + 1].isContinuation { cells[start + last + 1] = .blank }
    }
}
