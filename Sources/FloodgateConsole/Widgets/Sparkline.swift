import FloodgateCore
/// A one-line chart of recent values, one level character a value, scaled to the largest value.
public enum Sparkline {
    /// The last `width` values as level characters, right-aligned (older slots blank).
    /// - Parameters:
    ///   - values: oldest first.
    ///   - width: columns.
    ///   - glyphs: the level characters.
    public static func render(_ values: [Double], width: Int, glyphs: Glyphs) -> String {
        guard width > 0 else { return "" }
        let recent = values.suffix(width)
        let top = recent.max() ?? 0
        let levels = glyphs.levels
        let marks = recent.map { value -> Character in
            guard top > 0, value > 0 else { return levels[0] }
            let index = Int(saturating: (value / top * Double(levels.count - 1)).rounded())
            return levels[min(levels.count - 1, max(0, index))]
        }
        return String(repeating: " ", count: width - marks.count) + String(marks)
    }

    /// A vertical bar chart, `height` rows of `values.count` columns each `barWidth` wide:
    /// rows top first, eighth blocks at the bars' tips.
    public static func bars(_ values: [Int], height: Int, barWidth: Int, glyphs: Glyphs) -> [String] {
        let top = Double(values.max() ?? 0)
        let steps = glyphs.levels.count
        let heights = values.map { top > 0 ? Int(saturating: (Double($0) / top * Double(height * steps)).rounded(.up)) : 0 }
        return (0..<height).map { row in
            let floor = (height - 1 - row) * steps
            return heights.map { total -> String in
                let level = total - floor
                let mark: Character = level <= 0 ? " " : glyphs.levels[min(steps, level) - 1]
                return String(repeating: mark, count: barWidth)
            }.joined(separator: " ")
        }
    }
}
