/// How one role looks: colours and attributes.
public struct RoleStyle: Sendable, Hashable {
    public var foreground: TerminalColor = .terminalDefault
    /// `nil` draws on the theme's background.
    public var background: TerminalColor?
    public var bold = false
    public var dim = false
    public var underline = false
    public var reverse = false

    /// Creates a style.
    public init(
        foreground: TerminalColor = .terminalDefault, background: TerminalColor? = nil,
        bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }
}

/// A theme: the background and a style for every ``StyleRole``, read from a `.theme` file.
public struct Theme: Sendable, Hashable {
    /// The theme's name (its file name without `.theme`).
    public var name: String
    /// The colour behind everything.
    public var background: TerminalColor
    /// Styles by role; a role without one is drawn like ``StyleRole/text``.
    public var styles: [StyleRole: RoleStyle]

    /// Creates a theme.
    public init(name: String, background: TerminalColor = .terminalDefault, styles: [StyleRole: RoleStyle] = [:]) {
        self.name = name
        self.background = background
        self.styles = styles
    }

    /// The style of a role.
    public func style(_ role: StyleRole) -> RoleStyle {
        styles[role] ?? styles[.text] ?? RoleStyle()
    }
}
