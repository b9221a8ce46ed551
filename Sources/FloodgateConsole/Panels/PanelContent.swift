import FloodgateCore
import Foundation

/// What a panel shows: a few fixed lines, then a list that scrolls when it does not fit.
public struct PanelContent: Sendable, Hashable {
    /// Extra words after the panel's title (the event filter, for one).
    public var subtitle = ""
    /// Lines always shown at the top.
    public var fixed: [StyledLine] = []
    /// Lines shown below, from the scroll offset on.
    public var list: [StyledLine] = []

    /// Creates content.
    public init(subtitle: String = "", fixed: [StyledLine] = [], list: [StyledLine] = []) {
        self.subtitle = subtitle
        self.fixed = fixed
        self.list = list
    }
}

/// What every panel renders from.
public struct PanelContext: Sendable {
    /// The telemetry shown (frozen or live).
    public var history: TelemetryHistory
    /// The characters to draw with.
    public var glyphs: Glyphs
    /// The interior's columns.
    public var width: Int
    /// The interior's rows.
    public var height: Int
    /// Whether the data is stale: the figures are drawn dim and verdicts read `unknown`.
    public var stale = false

    /// The newest snapshot.
    var latest: TelemetrySnapshot? { history.latest }

    /// A figure's row: label, value, trend arrow, and a sparkline of its history with its scale in the columns left.
    /// - Parameters:
    ///   - label: what the figure is.
    ///   - value: the formatted value.
    ///   - role: how the value is drawn.
    ///   - figure: reads the figure from a snapshot, for the trend and the sparkline.
    ///   - note: text after the arrow, instead of the sparkline.
    func figureRow(
        _ label: String, _ value: String, role: StyleRole = .text, figure: (TelemetrySnapshot) -> Double, note: StyledLine = StyledLine()
    ) -> StyledLine {
        var line = StyledLine(label.fitted(11), .dim)
        line.append(value.fitted(max(8, DisplayWidth.of(value)), alignRight: true), role)
        line.append(" " + history.trend(figure).arrow(glyphs) + " ", .dim)
        line.append(note)
        if note.width == 0 { line.append(sparkline(figure, width: width - line.width)) }
        return line
    }

    /// A figure's recent history as a sparkline and its scale (`▃▃▄▅ 0-2k`) in `width` columns;
    /// empty when there is no room for four marks and the scale.
    func sparkline(_ figure: (TelemetrySnapshot) -> Double, width: Int) -> StyledLine {
        let series = history.series(figure)
        let top = Sparkline.scaleTop(Array(series.suffix(width)))
        let scale = Sparkline.scaleLabel(top).fitted(6, alignRight: true)
        guard width - scale.count >= 4 else { return StyledLine() }
        var line = StyledLine(Sparkline.render(series, width: width - scale.count, top: top, glyphs: glyphs), .sparkline)
        line.append(scale, .dim)
        return line
    }

    /// A compact `label value↑` pair for rows that hold several figures.
    func pair(_ label: String, _ value: String, role: StyleRole = .text, figure: (TelemetrySnapshot) -> Double) -> StyledLine {
        var line = StyledLine(label, .dim)
        line.append(value, role)
        line.append(history.trend(figure).arrow(glyphs), .dim)
        return line
    }

    /// The line shown when no snapshot has arrived yet.
    static let waiting = StyledLine("waiting for telemetry…", .dim)
}
