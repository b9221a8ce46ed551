import FloodgateCore
import Foundation

/// A one-line chart of recent values, one level character a value, on a scale from zero to a
/// round top above the largest value (``scaleTop(_:)``), so that a flat series draws flat bars at
/// its level and the scale can be labelled (``scaleLabel(_:)``).
public enum Sparkline {
    /// The last `width` values as level characters, right-aligned (older slots blank), scaled from
    /// zero to `top`.
    /// - Parameters:
    ///   - values: oldest first.
    ///   - width: columns.
    ///   - top: the value a full mark stands for; ``scaleTop(_:)`` of the values when nil.
    ///   - glyphs: the level characters.
    public static func render(_ values: [Double], width: Int, top: Double? = nil, glyphs: Glyphs) -> String {
        guard width > 0 else { return "" }
        let recent = values.suffix(width)
        let top = top ?? scaleTop(Array(recent))
        let levels = glyphs.levels
        let marks = recent.map { value -> Character in
            guard value > 0 else { return levels[0] }
            let index = Int(saturating: (value / top * Double(levels.count - 1)).rounded())
            return levels[min(levels.count - 1, max(0, index))]
        }
        return String(repeating: " ", count: width - marks.count) + String(marks)
    }

    /// The top of the scale: the smallest of 1, 2 or 5 × 10ⁿ above every value (1 when none is
    /// above zero). Strictly above, so that no series fills the chart: a flat 40 draws at 40 of 50.
    public static func scaleTop(_ values: [Double]) -> Double {
        let largest = values.filter(\.isFinite).max() ?? 0
        guard largest > 0 else { return 1 }
        var decade = pow10(Int(log10(largest).rounded(.down)))
        while true {
            for step in [1.0, 2, 5] where step * decade > largest { return step * decade }
            decade *= 10
        }
    }

    /// The scale as `0-2k`: zero to `top` (500, 2k, 5M, 0.5).
    public static func scaleLabel(_ top: Double) -> String {
        if top >= 1_000_000 { return "0-" + Figures.decimal(top / 1_000_000, digits: 0) + "M" }
        if top >= 1000 { return "0-" + Figures.decimal(top / 1000, digits: 0) + "k" }
        let digits = top >= 1 ? 0 : Int((-log10(top)).rounded(.up))
        return "0-" + Figures.decimal(top, digits: digits)
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

    /// 10 to the power `exponent`.
    private static func pow10(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<abs(exponent) { value *= 10 }
        return exponent < 0 ? 1 / value : value
    }
}
