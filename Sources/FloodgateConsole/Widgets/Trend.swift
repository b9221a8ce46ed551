/// Which way a figure moves: its latest value against the average of a few earlier ones.
public enum Trend: Sendable, Hashable {
    case rising, falling, flat

    /// The trend of a series (oldest first); flat when it changed by less than 2%.
    /// - Parameter lookBack: how many earlier values to compare with.
    public init(_ values: [Double], lookBack: Int = 5) {
        guard let last = values.last, values.count > 1 else {
            self = .flat
            return
        }
        let earlier = values.dropLast().suffix(lookBack)
        let base = earlier.reduce(0, +) / Double(earlier.count)
        let tolerance = max(abs(base) * 0.02, 1e-9)
        self = last > base + tolerance ? .rising : (last < base - tolerance ? .falling : .flat)
    }

    /// The arrow for this trend.
    public func arrow(_ glyphs: Glyphs) -> String {
        switch self {
        case .rising: glyphs.up
        case .falling: glyphs.down
        case .flat: glyphs.flat
        }
    }
}
