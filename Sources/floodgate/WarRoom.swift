import ArgumentParser
import FloodgateSystem
import Foundation

/// `floodgate` alone: a local daemon with its embedded Redis and the demo sale's simulated
/// shoppers, and the war-room console on it in this terminal. Quitting the console stops the
/// daemon (and so its Redis).
///
/// The daemon listens on 127.0.0.1:8080, or the next free port up to 8099, so that a second
/// terminal finds it (`floodgate console`, the README's `curl` examples); its admin token is in
/// DATA_DIR/admin-token (mode 0600), never on a command line other users can read in `ps`.
struct WarRoom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warroom",
        abstract: "Start a local daemon with a demo sale and open the war-room console on it (the default command).",
        discussion: "The daemon's log goes to DATA_DIR/daemon.log. To watch a daemon that runs elsewhere, use floodgate console."
    )

    @Option(help: "Where the daemon keeps its embedded Redis and its log.")
    var dataDir: String = "./.floodgate"

    @Option(help: "The daemon's HTTP listener, HOST:PORT (port 0 picks a free port). Default: 127.0.0.1:8080, or the next free port up to 8099.")
    var listen: String?

    @Option(help: "The console's theme: default, light, high-contrast, mono, or one of your own.")
    var theme: String = "default"

    @Flag(help: "Do not simulate shoppers: an empty demo sale.")
    var quiet = false

    /// The ports tried, in order, when no --listen is given.
    static let localPorts = 8080...8099

    mutating func run() async throws {
        let daemon = try await startDaemon(listen: try listenAddress())
        defer { daemon.process.signal(SIGTERM) }
        var console = try Console.parse(["--connect", daemon.url, "--admin-token-file", dataDir + "/admin-token",
                                         "--sale", "demo", "--theme", theme])
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

    /// The listener asked for, else the first free one of ``localPorts`` on 127.0.0.1.
    private func listenAddress() throws -> String {
        if let listen { return listen }
        guard let port = Self.localPorts.first(where: TCPPort.isFreeOnLoopback) else {
            throw CommandLineFailure(message: "ports \(Self.localPorts.lowerBound)-\(Self.localPorts.upperBound) of 127.0.0.1 are all taken; pass --listen 127.0.0.1:0")
        }
        return "127.0.0.1:\(port)"
    }

    /// Starts `floodgate serve --demo` (dying with this process) and waits until it listens. The
    /// daemon reads its admin token from the data directory, or writes a new one there.
    private func startDaemon(listen: String) async throws -> (process: ChildProcess, url: String) {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let log = dataDir + "/daemon.log"
        try? FileManager.default.removeItem(atPath: log)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var arguments = ["/usr/bin/setpriv", "--pdeathsig", "TERM", "--", executable, "serve", "--listen", listen,
                         "--data-dir", dataDir]
        arguments.append("--demo")
        if quiet { arguments.append("--no-demo-crowd") }
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
}
