/// A rectangle of cells: `x` and `y` are the top-left corner.
public struct Rect: Sendable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    /// Creates a rectangle.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The column right of the rectangle.
    public var maxX: Int { x + width }
    /// The row below the rectangle.
    public var maxY: Int { y + height }

    /// The rectangle without its one-cell border.
    public var interior: Rect {
        Rect(x: x + 1, y: y + 1, width: max(0, width - 2), height: max(0, height - 2))
    }

    /// A rectangle of `width` x `height` centred in this one (clamped to fit).
    public func centred(width: Int, height: Int) -> Rect {
        let width = min(width, self.width)
        let height = min(height, self.height)
        return Rect(x: x + (self.width - width) / 2, y: y + (self.height - height) / 2, width: width, height: height)
    }

    public var description: String { "\(width)x\(height)+\(x)+\(y)" }
}
