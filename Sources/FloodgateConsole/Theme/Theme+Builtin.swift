// The two themes the console can always fall back to, as their files read: `Themes/default.theme`
// and `Themes/mono.theme` (a test checks that the files and these copies agree).
extension Theme {
    /// The default dark theme, used when a theme cannot be loaded.
    public static let builtinDefault = builtin(defaultText, name: "default")

    /// The monochrome theme, used for NO_COLOR and terminals without colours.
    public static let builtinMono = builtin(monoText, name: "mono")

    /// Parses a built-in theme; the texts below are constants that the tests parse too.
    private static func builtin(_ text: String, name: String) -> Theme {
        (try? ThemeParser.parse(text, name: name)) ?? Theme(name: name)
    }

    static let defaultText = """
        # Floodgate default theme: light text on a dark background.
        # 256-colour indexes; terminals with 16 or 8 colours get the nearest basic colour.
        name = default
        background = 234
        text = 252
        dim = 245
        accent = 45 bold
        title = 255 bold
        border = 240
        focus = 45 bold
        ok = 78
        warn = 214
        critical = 203 bold
        badge.ok = 16 on 78 bold
        badge.warn = 16 on 214 bold
        badge.critical = 231 on 160 bold
        badge.info = 16 on 110 bold
        key = 16 on 45 bold
        selection = 16 on 45 bold
        status = 252 on 236
        gauge.sold = 78
        gauge.reserved = 214
        gauge.available = 240
        sparkline = 45
        """

    static let monoText = """
        # Floodgate monochrome theme: no colours, only bold, dim, underline and reverse video.
        # Used whenever NO_COLOR is set or the terminal has no colours.
        name = mono
        background = default
        text = default
        dim = default dim
        accent = default bold
        title = default bold
        border = default
        focus = default bold
        ok = default
        warn = default bold
        critical = default bold underline
        badge.ok = default reverse
        badge.warn = default reverse bold
        badge.critical = default reverse bold underline
        badge.info = default reverse
        key = default reverse
        selection = default reverse bold
        status = default
        gauge.sold = default
        gauge.reserved = default
        gauge.available = default dim
        sparkline = default
        """
}
