import FloodgateCore

/// Stock per SKU: a sold / reserved / available gauge, the counts, sell-through and sales rate.
enum InventoryPanel {
    static func content(_ context: PanelContext) -> PanelContent {
        guard let skus = context.latest?.skus else { return PanelContent(fixed: [PanelContext.waiting]) }
        guard !skus.isEmpty else { return PanelContent(fixed: [StyledLine("no SKUs", .dim)]) }
        var rows = skus.map { Row(sku: $0) }
        if rows.count > 1 { rows.insert(Row(total: skus), at: 0) }
        let columns = Columns(rows: rows, width: context.width)
        return PanelContent(fixed: [columns.header(context.glyphs)], list: rows.map { columns.line($0, context: context) })
    }

    /// One SKU, or the total of all of them.
    struct Row {
        var name: String
        var available, reserved, sold, stock: Int
        var soldPerSecond: Double
        /// Reads this row from a snapshot, for trends.
        var rate: (TelemetrySnapshot) -> Double

        init(sku: TelemetrySnapshot.SKU) {
            name = sku.sku
            (available, reserved, sold, stock) = (sku.available, sku.reserved, sku.sold, sku.initial + sku.added)
            soldPerSecond = sku.soldPerSecond
            let id = sku.sku
            rate = { $0.skus.first { $0.sku == id }?.soldPerSecond ?? 0 }
        }

        init(total skus: [TelemetrySnapshot.SKU]) {
            name = "all"
            available = skus.reduce(0) { $0 + $1.available }
            reserved = skus.reduce(0) { $0 + $1.reserved }
            sold = skus.reduce(0) { $0 + $1.sold }
            stock = skus.reduce(0) { $0 + $1.initial + $1.added }
            soldPerSecond = skus.reduce(0) { $0 + $1.soldPerSecond }
            rate = { $0.skus.reduce(0) { $0 + $1.soldPerSecond } }
        }

        var sellThrough: Double { stock > 0 ? Double(sold) / Double(stock) : 0 }
    }

    /// Column widths shared by the header and the rows; reserved, sold and sell-through only
    /// when the panel is wide enough.
    struct Columns {
        var name, gauge: Int
        var wide: Bool

        init(rows: [Row], width: Int) {
            name = min(12, max(3, rows.map { DisplayWidth.of($0.name) }.max() ?? 3))
            let narrow = width - name - 1 - 7 - 8
            wide = narrow - 19 >= 12
            gauge = max(4, wide ? narrow - 19 : narrow)
        }

        func header(_ glyphs: Glyphs) -> StyledLine {
            let legends = [("sold ", "res ", "avail"), ("sold", "res", "avail"), ("sold", "res", "av")].map { words in
                var legend = StyledLine(String(glyphs.sold), .gaugeSold)
                legend.append(words.0, .dim)
                legend.append(String(glyphs.reserved), .gaugeReserved)
                legend.append(words.1, .dim)
                legend.append(String(glyphs.available), .gaugeAvailable)
                legend.append(words.2, .dim)
                return legend
            }
            var line = StyledLine("SKU".fitted(name) + " ", .dim)
            line.append((legends.first { $0.width <= gauge } ?? legends[2]).truncated(to: gauge, ellipsis: ""))
            line.pad(to: name + 1 + gauge)
            line.append("avail".fitted(7, alignRight: true) + (wide ? "   res   sold  thru" : "") + "  sold/s", .dim)
            return line
        }

        func line(_ row: Row, context: PanelContext) -> StyledLine {
            var line = StyledLine(row.name.fitted(name) + " ", row.name == "all" ? .accent : .text)
            line.append(Gauge.stock(sold: row.sold, reserved: row.reserved, available: row.available, width: gauge, glyphs: context.glyphs))
            line.append(Figures.count(row.available).fitted(7, alignRight: true), row.available == 0 ? .critical : .text)
            if wide {
                line.append(Figures.count(row.reserved).fitted(6, alignRight: true) + Figures.count(row.sold).fitted(7, alignRight: true))
                line.append(Figures.percent(row.sellThrough).fitted(6, alignRight: true), .dim)
            }
            line.append(Figures.rate(row.soldPerSecond).fitted(7, alignRight: true))
            line.append(context.history.trend(row.rate).arrow(context.glyphs), .dim)
            return line
        }
    }
}
