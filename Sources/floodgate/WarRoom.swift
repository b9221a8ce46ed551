import ArgumentParser
import FloodgateSystem
import Foundation

/// `floodgate` alone: a local daemon with its embedded Redis and the demo sale's simulated
/// shoppers, and the war-room console on it in this terminal. Quitting the console stops the
/// daemon (and so its Redis).
struct WarRoom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warroom",
        abstract: "Start a local daemon with a demo sale and open the war-room console on it (the default command).",
        discussion: "The daemon's log goes to DATA_DIR/daemon.log. To watch a daemon that runs elsewhere, use floodgate console."
    )

    @Option(help: "Where the daemon keeps its embedded Redis and its log.")
    var dataDir: String = "./.floodgate"

    @Option(help: "The daemon's HTTP listener, HOST:PORT (port 0 picks a free port).")
    var listen: String = "127.0.0.1:0"

    @Option(help: "The console's theme: default, light, high-contrast, mono, or one of your own.")
    var theme: String = "default"

    @Flag(help: "Do not simulate shoppers: an empty demo sale.")
    var quiet = false

    mutating func run() async throws {
        let token = Self.randomToken()
        let daemon = try await startDaemon(token: token)
        defer { daemon.process.signal(SIGTERM) }
        var console = try Console.parse(["--connect", daemon.url, "--admin-token", token, "--sale", "demo", "--theme", theme])
        do {
            try await console.run()
        } catch {
            daemon.process.signal(SIGTERM)
            await daemon.process.waitUntilExit()
            throw error
        }
        daemon.process.signal(SIGTERM)
        await daemon.process.waitUntilExit()
    }

    /// Starts `floodgate serve --demo` (dying with this process) and waits until it listens.
    private func startDaemon(token: String) async throws -> (process: ChildProcess, url: String) {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let log = dataDir + "/daemon.log"
        try? FileManager.default.removeItem(atPath: log)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var arguments = ["/usr/bin/setpriv", "--pdeathsig", "TERM", "--", executable, "serve", "--listen", listen,
                         "--data-dir", dataDir, "--admin-token", token]
        if !quiet { arguments.append("--demo") }
        let process = try await ChildProcess.spawn(arguments, standardError: log)
        for _ in 0..<600 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "floodgate listening on ") {
                return (process, String(text[range.upperBound...].prefix { !$0.isWhitespace }))
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.signal(SIGTERM)
        let reason = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").last.map(String.init) ?? "no log"
        throw CommandLineFailure(message: "the daemon did not start (\(log)): \(reason)")
    }

    private static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
    }
}
