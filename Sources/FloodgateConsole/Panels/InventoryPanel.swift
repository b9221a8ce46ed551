import FloodgateCore

/// Stock per SKU, most urgent first (``StockOutlook``): the counts, sell-through, sales rate and
/// sell-out ETA with `LOW` and `SOLD OUT` as text, and a sold / reserved / available gauge when
/// there is room. The total stays on top; narrow panels shorten names in the middle and drop the
/// gauge, then the sales rate, never the counts.
enum InventoryPanel {
    static func content(_ context: PanelContext) -> PanelContent {
        guard context.latest?.skus != nil else { return PanelContent(fixed: [PanelContext.waiting]) }
        let outlook = StockOutlook(history: context.history)
        guard !outlook.items.isEmpty else { return PanelContent(fixed: [StyledLine("no SKUs", .dim)]) }
        let rows = outlook.items.count > 1 ? [outlook.total] + outlook.items : outlook.items
        let columns = Columns(rows: rows, width: context.width)
        let lines = rows.map { columns.line($0, context: context) }
        let fixedCount = outlook.items.count > 1 ? 2 : 1
        return PanelContent(fixed: [columns.header(context.glyphs)] + lines.prefix(fixedCount), list: Array(lines.dropFirst(fixedCount)))
    }

    /// The figures of a row, as text.
    struct Cells {
        var available, reserved, sold, sellThrough, rate, eta: String

        init(_ item: StockOutlook.Item) {
            available = Figures.count(item.available)
            reserved = Figures.count(item.reserved)
            sold = Figures.count(item.sold)
            sellThrough = Figures.percent(item.sellThrough)
            rate = Figures.rate(item.soldPerSecond)
            switch item.tag {
            case .soldOut: eta = StockOutlook.Tag.soldOut.rawValue
            case .low: eta = "LOW " + Figures.duration(item.etaSeconds)
            case nil: eta = Figures.duration(item.etaSeconds)
            }
        }
    }

    /// Column widths shared by the header and the rows.
    struct Columns {
        var name: Int
        var gauge: Int?
        var available, reserved, sold, sellThrough, eta: Int
        var rate: Int?

        init(rows: [StockOutlook.Item], width: Int) {
            let cells = rows.map(Cells.init)
            func widest(_ header: String, _ cell: (Cells) -> String) -> Int { 1 + max(header.count, cells.map { DisplayWidth.of(cell($0)) }.max() ?? 0) }
            available = widest("avail", \.available)
            reserved = widest("res", \.reserved)
            sold = widest("sold", \.sold)
            sellThrough = widest("thru", \.sellThrough)
            eta = widest("sells out", \.eta)
            let rateWidth = widest("sold/s", \.rate) + 1
            let natural = max(3, rows.map { DisplayWidth.of($0.name) }.max() ?? 3)
            var spare = width - available - reserved - sold - sellThrough - eta
            if spare - rateWidth >= min(natural, 10) {
                rate = rateWidth
                spare -= rateWidth
            }
            name = max(3, min(natural, spare))
            gauge = spare - name - 1 >= 6 ? spare - name - 1 : nil
        }

        func header(_ glyphs: Glyphs) -> StyledLine {
            var line = StyledLine("SKU".fitted(name), .dim)
            if let gauge { line.append(" " + legend(glyphs, width: gauge)) }
            line.append("avail".fitted(available, alignRight: true) + "res".fitted(reserved, alignRight: true)
                + "sold".fitted(sold, alignRight: true) + "thru".fitted(sellThrough, alignRight: true), .dim)
            if let rate { line.append("sold/s".fitted(rate, alignRight: true), .dim) }
            line.append("sells out".fitted(eta, alignRight: true), .dim)
            return line
        }

        private func legend(_ glyphs: Glyphs, width: Int) -> StyledLine {
            let legends = [("sold ", "res ", "avail"), ("sold", "res", "avail"), ("sold", "res", "av")].map { words in
                var legend = StyledLine(String(glyphs.sold), .gaugeSold)
                legend.append(words.0, .dim)
                legend.append(String(glyphs.reserved), .gaugeReserved)
                legend.append(words.1, .dim)
                legend.append(String(glyphs.available), .gaugeAvailable)
                legend.append(words.2, .dim)
                return legend
            }
            var line = (legends.first { $0.width <= width } ?? StyledLine()).truncated(to: width, ellipsis: "")
            line.pad(to: width)
            return line
        }

        func line(_ item: StockOutlook.Item, context: PanelContext) -> StyledLine {
            let cells = Cells(item)
            var line = StyledLine(item.name.middleShortened(to: name).fitted(name), item.name == "all" ? .accent : .text)
            if let gauge {
                line.append(" ")
                line.append(Gauge.stock(sold: item.sold, reserved: item.reserved, available: item.available, width: gauge, glyphs: context.glyphs))
            }
            line.append(cells.available.fitted(available, alignRight: true), item.available == 0 ? .critical : .text)
            line.append(cells.reserved.fitted(reserved, alignRight: true) + cells.sold.fitted(sold, alignRight: true))
            line.append(cells.sellThrough.fitted(sellThrough, alignRight: true), .dim)
            if let rate {
                line.append(cells.rate.fitted(rate - 1, alignRight: true))
                line.append(context.history.trend { Self.soldPerSecond(of: item.name, in: $0) }.arrow(context.glyphs), .dim)
            }
            line.append(cells.eta.fitted(eta, alignRight: true), role(of: item.tag))
            return line
        }

        private func role(of tag: StockOutlook.Tag?) -> StyleRole {
            switch tag {
            case .soldOut: .critical
            case .low: .warn
            case nil: .text
            }
        }

        /// A row's sales rate in a snapshot, for its trend.
        static func soldPerSecond(of name: String, in snapshot: TelemetrySnapshot) -> Double {
            name == "all" ? snapshot.skus.reduce(0) { $0 + $1.soldPerSecond } : snapshot.skus.first { $0.sku == name }?.soldPerSecond ?? 0
        }
    }
}
