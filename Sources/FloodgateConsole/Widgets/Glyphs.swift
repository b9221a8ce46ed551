/// The characters the console draws with: Unicode box drawing, blocks and arrows on a UTF-8
/// terminal, plain ASCII elsewhere.
public struct Glyphs: Sendable, Hashable {
    /// Box-drawing characters.
    public struct Box: Sendable, Hashable {
        public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    }

    /// Panel borders.
    public var box: Box
    /// Sparkline levels, lowest first.
    public var levels: [Character]
    /// Gauge fills for sold, reserved and available units.
    public var sold, reserved, available: Character
    /// Trend arrows.
    public var up, down, flat: String
    /// The markers before and after a focused item (a panel's title, a button, a sale).
    public var pointer, pointerEnd: String
    /// The dot before LIVE.
    public var liveDot: String
    /// The text cursor of the command line.
    public var cursor: String
    /// The marks of a success and a failure in the status line.
    public var okMark, failMark: String
    /// The cut-off marker of truncated text.
    public var ellipsis: String

    /// Unicode: box drawing, eighth blocks, arrows.
    public static let unicode = Glyphs(
        box: Box(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘"),
        levels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        sold: "█", reserved: "▓", available: "░",
        up: "↑", down: "↓", flat: "→",
        pointer: "▸", pointerEnd: "◂", liveDot: "●", cursor: "█", okMark: "✔", failMark: "✖", ellipsis: "…"
    )

    /// ASCII only, for terminals without UTF-8.
    public static let ascii = Glyphs(
        box: Box(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+"),
        levels: ["_", ".", "-", "=", "+", "*", "#", "@"],
        sold: "#", reserved: "=", available: ".",
        up: "^", down: "v", flat: "=",
        pointer: ">", pointerEnd: "<", liveDot: "*", cursor: "_", okMark: "ok:", failMark: "FAILED:", ellipsis: "~"
    )
}
