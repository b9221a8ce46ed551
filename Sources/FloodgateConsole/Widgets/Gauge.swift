import FloodgateCore
/// A horizontal stock gauge: sold, then reserved, then available units, in proportion.
public enum Gauge {
    /// The gauge as styled text of `width` columns.
    public static func stock(sold: Int, reserved: Int, available: Int, width: Int, glyphs: Glyphs) -> StyledLine {
        let total = max(1, sold + reserved + available)
        let soldCells = cells(sold, of: total, width: width)
        let reservedCells = min(width - soldCells, cells(reserved, of: total, width: width))
        let availableCells = max(0, width - soldCells - reservedCells)
        var line = StyledLine()
        line.append(String(repeating: glyphs.sold, count: soldCells), .gaugeSold)
        line.append(String(repeating: glyphs.reserved, count: reservedCells), .gaugeReserved)
        line.append(String(repeating: glyphs.available, count: availableCells), .gaugeAvailable)
        return line
    }

    /// A bar of `width` columns filled in proportion to `fraction` (0...1).
    public static func bar(fraction: Double, width: Int, glyphs: Glyphs) -> StyledLine {
        let filled = max(0, min(width, Int(saturating: (fraction * Double(width)).rounded())))
        var line = StyledLine()
        line.append(String(repeating: glyphs.sold, count: filled), .sparkline)
        line.append(String(repeating: glyphs.available, count: width - filled), .dim)
        return line
    }

    /// Cells for `part` of `total`; any non-zero part gets at least one cell.
    private static func cells(_ part: Int, of total: Int, width: Int) -> Int {
        guard part > 0 else { return 0 }
        return max(1, Int(saturating: (Double(part) / Double(total) * Double(width)).rounded()))
    }
}
