import CNcursesw

/// A theme installed as ncurses colour pairs: one pair a ``StyleRole``, plus its attributes.
/// Built and used on the screen's thread only.
struct CursesPalette {
    /// The attributes and pair of each role.
    private(set) var styles: [StyleRole: (attributes: attr_t, pair: Int16)] = [:]

    /// Installs `theme`: initialises a pair per role when colours are used, attributes always.
    /// - Parameters:
    ///   - defaultColors: whether `use_default_colors` succeeded (colour -1 is allowed).
    init(theme: Theme, usesColor: Bool, defaultColors: Bool) {
        for (index, role) in StyleRole.allCases.enumerated() {
            let style = theme.style(role)
            var pair: Int16 = 0
            if usesColor {
                pair = Int16(index + 1)
                let foreground = Self.number(style.foreground, defaultColors: defaultColors, fallback: 7)
                let background = Self.number(style.background ?? theme.background, defaultColors: defaultColors, fallback: 0)
                init_pair(pair, foreground, background)
            }
            styles[role] = (Self.attributes(of: style), pair)
        }
    }

    /// The ncurses number of a colour; `fallback` stands for the default when -1 is not allowed.
    private static func number(_ color: TerminalColor, defaultColors: Bool, fallback: Int16) -> Int16 {
        switch color {
        case .terminalDefault: defaultColors ? -1 : fallback
        case .indexed(let index): Int16(index)
        }
    }

    private static func attributes(of style: RoleStyle) -> attr_t {
        var attributes = fg_attr_normal()
        if style.bold { attributes |= fg_attr_bold() }
        if style.dim { attributes |= fg_attr_dim() }
        if style.underline { attributes |= fg_attr_underline() }
        if style.reverse { attributes |= fg_attr_reverse() }
        return attributes
    }
}
