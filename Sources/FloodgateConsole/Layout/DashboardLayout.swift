/// Where everything goes on a screen of a given size: the header row, the panels in columns, the
/// status line and the key bar.
public struct DashboardLayout: Sendable, Hashable {
    /// The smallest screen the dashboard fits.
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    /// The top row.
    public var header: Rect
    /// The row under it: the sale in one line (``SummaryLine``).
    public var summary: Rect
    /// Each panel's box.
    public var panels: [PanelID: Rect]
    /// The row above the key bar.
    public var statusLine: Rect
    /// The bottom row.
    public var keyBar: Rect

    /// The layout for a `width` x `height` screen; `nil` when it is below 80x24.
    /// - Parameters:
    ///   - quiet: panels with nothing to show (an empty bot panel): they take one line and leave
    ///     the rest of their column to the panels with data.
    ///   - wanted: the rows a panel's content needs (border included): a panel that shares the
    ///     rest of its column takes no more than that, unless it is the last such panel there.
    public init?(width: Int, height: Int, quiet: Set<PanelID> = [], wanted: [PanelID: Int] = [:]) {
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else { return nil }
        header = Rect(x: 0, y: 0, width: width, height: 1)
        summary = Rect(x: 0, y: 1, width: width, height: 1)
        statusLine = Rect(x: 0, y: height - 2, width: width, height: 1)
        keyBar = Rect(x: 0, y: height - 1, width: width, height: 1)
        let columns = width >= 160 ? Self.threeColumns : Self.twoColumns
        let area = Rect(x: 0, y: 2, width: width, height: height - 4)
        panels = [:]
        for (index, column) in columns.enumerated() {
            let left = area.width * index / columns.count
            let right = area.width * (index + 1) / columns.count
            let rect = Rect(x: left, y: area.y, width: right - left, height: area.height)
            for (panel, frame) in column.quieting(quiet).capping(wanted).place(in: rect) { panels[panel] = frame }
        }
    }

    /// The panels in `Tab` order: down each column, left to right, as they are drawn.
    public var tabOrder: [PanelID] {
        panels.sorted { ($0.value.x, $0.value.y) < ($1.value.x, $1.value.y) }.map(\.key)
    }

    /// Below 160 columns: two columns.
    static let twoColumns = [
        ColumnStack([.init(.queue, min: 7, max: 9), .init(.inventory, min: 5), .init(.reservations, min: 4, max: 5), .init(.bots, min: 4, max: 12)]),
        ColumnStack([.init(.funnel, min: 7, max: 8), .init(.health, min: 7, max: 12), .init(.events, min: 6)]),
    ]

    /// From 160 columns: three columns.
    static let threeColumns = [
        ColumnStack([.init(.queue, min: 7, max: 9), .init(.inventory, min: 6)]),
        ColumnStack([.init(.reservations, min: 4, max: 6), .init(.funnel, min: 6, max: 8), .init(.bots, min: 6)]),
        ColumnStack([.init(.health, min: 7), .init(.events, min: 8)]),
    ]
}

/// Panels stacked in a column: each gets its minimum height, then grows up to its maximum, and the
/// panels without a maximum share what is left.
struct ColumnStack: Sendable, Hashable {
    struct Slot: Sendable, Hashable {
        var panel: PanelID
        var min: Int
        var max: Int?

        init(_ panel: PanelID, min: Int, max: Int? = nil) {
            self.panel = panel
            self.min = min
            self.max = max
        }
    }

    var slots: [Slot]

    init(_ slots: [Slot]) {
        self.slots = slots
    }

    /// The same stack with the `quiet` panels held to one line of content.
    /// The rows they free go to the column's first panel that takes the rest (before any panel
    /// grows to its maximum); when none is left to take the rest, the last one with data does.
    func quieting(_ quiet: Set<PanelID>) -> ColumnStack {
        var quieted = slots.map { quiet.contains($0.panel) ? Slot($0.panel, min: 3, max: 3) : $0 }
        if !quieted.contains(where: { $0.max == nil }), let last = quieted.lastIndex(where: { !quiet.contains($0.panel) }) {
            quieted[last].max = nil
        }
        let freed = zip(slots, quieted).reduce(0) { $0 + max(0, $1.0.min - $1.1.min) }
        if let flexible = quieted.firstIndex(where: { $0.max == nil && !quiet.contains($0.panel) }) { quieted[flexible].min += freed }
        return ColumnStack(quieted)
    }

    /// The same stack with the panels that share the rest of the column held to the rows they
    /// want, all but the last of them, which takes what is left.
    func capping(_ wanted: [PanelID: Int]) -> ColumnStack {
        var capped = slots
        let flexible = capped.indices.filter { capped[$0].max == nil }
        for index in flexible.dropLast() {
            if let rows = wanted[capped[index].panel] { capped[index].max = Swift.max(capped[index].min, rows) }
        }
        return ColumnStack(capped)
    }

    /// The panels' boxes in `rect`, top to bottom.
    func place(in rect: Rect) -> [(PanelID, Rect)] {
        var heights = slots.map(\.min)
        var spare = rect.height - heights.reduce(0, +)
        for (index, slot) in slots.enumerated() {
            guard let max = slot.max else { continue }
            let grow = Swift.min(spare, max - slot.min)
            heights[index] += grow
            spare -= grow
        }
        let flexible = slots.indices.filter { slots[$0].max == nil }
        for (order, index) in flexible.enumerated() {
            heights[index] += spare / flexible.count + (order < spare % flexible.count ? 1 : 0)
        }
        var y = rect.y
        return slots.indices.map { index in
            defer { y += heights[index] }
            return (slots[index].panel, Rect(x: rect.x, y: y, width: rect.width, height: heights[index]))
        }
    }
}
