import FloodgateConsole
import Testing

@Suite("Layout")
struct LayoutTests {
    @Test("panels tile the screen between the summary line and the status line, without overlapping", arguments: [
        (80, 24), (100, 30), (119, 50), (120, 40), (200, 60), (300, 90),
    ])
    func tiling(width: Int, height: Int) throws {
        let layout = try #require(DashboardLayout(width: width, height: height))
        #expect(Set(layout.panels.keys) == Set(PanelID.allCases))
        var covered = Array(repeating: 0, count: width * height)
        for rect in layout.panels.values {
            #expect(rect.width >= 38 && rect.height >= 3, "\(rect)")
            for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX { covered[y * width + x] += 1 } }
        }
        for y in 2..<(height - 2) { for x in 0..<width { #expect(covered[y * width + x] == 1) } }
        #expect(layout.summary.y == 1 && layout.statusLine.y == height - 2 && layout.keyBar.y == height - 1)
    }

    @Test("a panel without data keeps one line and leaves its rows to the others in its column")
    func quietPanels() throws {
        #expect(try #require(DashboardLayout(width: 80, height: 24, quiet: [.bots])).panels[.bots]?.height == 3)
        let wide = try #require(DashboardLayout(width: 120, height: 40, quiet: [.bots]))
        #expect(wide.panels[.bots]?.height == 3)
        #expect(wide.panels[.inventory]!.height > (try #require(DashboardLayout(width: 120, height: 40))).panels[.inventory]!.height)
    }

    @Test("Tab order goes down each column, then to the next", arguments: [(80, 24), (200, 60)])
    func tabOrder(width: Int, height: Int) throws {
        let layout = try #require(DashboardLayout(width: width, height: height))
        let order = layout.tabOrder
        #expect(Set(order) == Set(PanelID.allCases) && order.count == PanelID.allCases.count)
        for (a, b) in zip(order, order.dropFirst()) {
            let (first, second) = (layout.panels[a]!, layout.panels[b]!)
            #expect(first.x < second.x || (first.x == second.x && first.y < second.y), "\(a) before \(b)")
        }
    }

    @Test("below 80x24 there is no layout", arguments: [(79, 24), (80, 23), (10, 5)])
    func tooSmall(width: Int, height: Int) {
        #expect(DashboardLayout(width: width, height: height) == nil)
    }
}

@Suite("Figures and widgets")
struct FigureTests {
    @Test("numbers read as an operator expects")
    func figures() {
        #expect(Figures.count(1_234_567) == "1,234,567")
        #expect(Figures.count(12_345_678) == "12.3M")
        #expect(Figures.rate(0.42) == "0.4/s" && Figures.rate(50) == "50/s" && Figures.rate(1250) == "1.3k/s")
        #expect(Figures.duration(42) == "42s" && Figures.duration(245) == "4m05s" && Figures.duration(7380) == "2h03m")
        #expect(Figures.duration(nil) == "--")
        #expect(Figures.percent(0.2208) == "22.1%" && Figures.percent(1) == "100%" && Figures.percent(nil) == "--")
        #expect(Figures.latency(0.8) == "0.8ms" && Figures.latency(250) == "250ms" && Figures.latency(1400) == "1.40s")
    }

    @Test("sparklines scale from zero to a round top above the largest value; trends compare with the recent past")
    func sparklines() {
        #expect(Sparkline.render([0, 1, 2, 4, 8], width: 7, glyphs: .unicode) == "  ▁▂▂▄▇")
        #expect(Sparkline.render([24, 24, 24, 24], width: 4, glyphs: .unicode) == "▄▄▄▄", "a flat series draws at its level, not full")
        #expect(Sparkline.render([24, 24], width: 2, top: 100, glyphs: .unicode) == "▃▃")
        #expect(Sparkline.render([], width: 3, glyphs: .unicode) == "   ")
        #expect(Trend([1, 1, 1, 2]) == .rising && Trend([5, 5, 5, 1]) == .falling && Trend([3, 3, 3]) == .flat)
        #expect(Trend([7]) == .flat)
    }

    @Test("a sparkline's scale: the smallest 1, 2 or 5 × 10ⁿ above the largest value, labelled from zero", arguments: [
        ([8.0], 10.0, "0-10"), ([24, 24], 50, "0-50"), ([1000], 2000, "0-2k"), ([0.4, 0.1], 0.5, "0-0.5"),
        ([4_200_000], 5_000_000, "0-5M"), ([], 1, "0-1"), ([0, 0], 1, "0-1"),
    ])
    func sparklineScale(values: [Double], top: Double, label: String) {
        #expect(Sparkline.scaleTop(values) == top)
        #expect(Sparkline.scaleLabel(top) == label)
    }

    @Test("a gauge shows sold, reserved and available in proportion; wide characters take two cells")
    func gauge() {
        let gauge = Gauge.stock(sold: 50, reserved: 25, available: 25, width: 8, glyphs: .unicode)
        #expect(gauge.plainText == "████▓▓░░")
        var grid = CellGrid(width: 6, height: 1)
        grid.write("日本x", x: 0, y: 0, role: .text)
        #expect(grid.rowText(0) == "日本x")
        grid.put("a", x: 1, y: 0, role: .text)
        #expect(grid.rowText(0) == " a本x")
    }
}
