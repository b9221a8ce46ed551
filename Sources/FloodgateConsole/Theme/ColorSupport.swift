/// What the terminal can show, and which theme it gets: the chosen one with colours reduced to
/// what the terminal has, or monochrome for `NO_COLOR` and terminals without colours.
public struct ColorSupport: Sendable, Hashable {
    /// How many colours the terminal has (0 when it has none).
    public var colors: Int
    /// Whether `NO_COLOR` is set (to anything but the empty string).
    public var noColor: Bool

    /// Creates a description of the terminal.
    public init(colors: Int, noColor: Bool) {
        self.colors = colors
        self.noColor = noColor
    }

    /// Whether colours are drawn at all.
    public var usesColor: Bool { !noColor && colors >= 8 }

    /// The theme as this terminal draws it.
    /// - Parameter mono: the monochrome theme to use when colours are off.
    public func adapt(_ theme: Theme, mono: Theme) -> Theme {
        guard usesColor else { return mono }
        var adapted = theme
        adapted.background = theme.background.reduced(toColors: colors)
        for (role, style) in theme.styles {
            var style = style
            style.foreground = style.foreground.reduced(toColors: colors)
            style.background = style.background?.reduced(toColors: colors)
            adapted.styles[role] = style
        }
        return adapted
    }
}
