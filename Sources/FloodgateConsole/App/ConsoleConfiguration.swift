import Foundation

/// How `floodgate console` runs; the command line fills it in.
public struct ConsoleConfiguration: Sendable {
    /// The daemon.
    public var endpoint: ConsoleEndpoint
    /// The admin API's bearer token.
    public var adminToken: String
    /// The sale to watch; without it the console lists the sales (and picks the only one).
    public var saleID: String?
    /// The theme to start with.
    public var themeName = "default"
    /// Where themes are looked for.
    public var themes: ThemeLocator
    /// Seconds between display refreshes.
    public var refreshSeconds = 1.0
    /// Whether every switch is unbound.
    public var readonly = false
    /// Whether `NO_COLOR` asks for no colours.
    public var noColor = false

    /// A configuration with defaults for everything but the daemon and the token.
    public init(endpoint: ConsoleEndpoint, adminToken: String, themes: ThemeLocator) {
        self.endpoint = endpoint
        self.adminToken = adminToken
        self.themes = themes
    }
}

/// The console could not start.
public struct ConsoleError: Error, Sendable, CustomStringConvertible {
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}
