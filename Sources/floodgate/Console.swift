import ArgumentParser
import FloodgateConsole
import Foundation

/// `floodgate console`: the war-room console on a running daemon.
struct Console: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the war-room console: live sale telemetry and keyboard kill switches.",
        discussion: """
            Press ? in the console for every key. The console never changes a sale on its own and \
            never exits on its own: when the daemon goes away it shows the last data as STALE and \
            reconnects. Themes are looked for in --theme-dir, $XDG_CONFIG_HOME/floodgate/themes, then \
            the installed Themes folder. NO_COLOR turns colours off.
            """
    )

    @Option(help: "The daemon's admin API, http://HOST:PORT.")
    var connect: String = "http://127.0.0.1:8080"

    @Option(help: "The admin API's bearer token (also FLOODGATE_ADMIN_TOKEN). Default: read from --admin-token-file.")
    var adminToken: String?

    @Option(help: "A file holding the admin token, such as a local daemon's DATA_DIR/admin-token (kept out of the process list).")
    var adminTokenFile: String = "./.floodgate/admin-token"

    @Option(help: "The sale to watch; without it the console lists the sales and picks the only one.")
    var sale: String?

    @Option(help: "The theme: default, light, high-contrast, mono, or one of your own.")
    var theme: String = "default"

    @Option(help: "A directory searched first for NAME.theme files.")
    var themeDir: String?

    @Option(help: "Seconds between display refreshes, 0.1 to 60.")
    var refresh: String = "1"

    @Flag(help: "Watch only: every switch is unbound.")
    var readonly = false

    mutating func run() async throws {
        let configuration = try makeConfiguration()
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CommandLineFailure(message: "floodgate console needs a terminal on standard input and output")
        }
        do {
            try await ConsoleSession.run(configuration)
        } catch let error as ConsoleError {
            throw CommandLineFailure(message: error.description)
        }
    }

    private func makeConfiguration() throws -> ConsoleConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let endpoint: ConsoleEndpoint
        do {
            endpoint = try ConsoleEndpoint(url: connect)
        } catch {
            throw CommandLineFailure(message: "--connect '\(connect)': \(error.message)")
        }
        let token = try adminToken ?? environment["FLOODGATE_ADMIN_TOKEN"] ?? tokenFromFile()
        guard !token.isEmpty else { throw CommandLineFailure(message: "the admin token must not be empty") }
        guard let seconds = Double(refresh), (0.1...60).contains(seconds) else {
            throw CommandLineFailure(message: "--refresh must be a number of seconds from 0.1 to 60, got '\(refresh)'")
        }
        if let sale, sale.isEmpty { throw CommandLineFailure(message: "--sale must not be empty") }
        var isDirectory: ObjCBool = false
        if let themeDir, !(FileManager.default.fileExists(atPath: themeDir, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw CommandLineFailure(message: "--theme-dir '\(themeDir)' is not a directory")
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let themes = ThemeLocator(
            themeDirectory: themeDir, environment: environment, executablePath: executable,
            currentDirectory: FileManager.default.currentDirectoryPath)
        var configuration = ConsoleConfiguration(endpoint: endpoint, adminToken: token, themes: themes)
        configuration.saleID = sale
        configuration.themeName = theme
        configuration.refreshSeconds = seconds
        configuration.readonly = readonly
        configuration.noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        return configuration
    }

    /// The token in ``adminTokenFile``, without surrounding whitespace.
    private func tokenFromFile() throws -> String {
        guard let text = try? String(contentsOfFile: adminTokenFile, encoding: .utf8) else {
            throw CommandLineFailure(message: "no admin token: pass --admin-token, set FLOODGATE_ADMIN_TOKEN, or point --admin-token-file at a readable file (\(adminTokenFile) cannot be read)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
