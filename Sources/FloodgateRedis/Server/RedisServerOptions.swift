import Foundation

/// How to run a `redis-server` child process. Every field but the directory has a default.
public struct RedisServerOptions: Sendable {
    /// Where the server listens.
    public enum Listener: Sendable, Hashable {
        /// A TCP port on 127.0.0.1.
        case tcp(port: Int)
        /// A unix socket at this path (at most 107 bytes long).
        case unixSocket(path: String)
    }

    /// How often the append-only file is synced to disk.
    public enum AppendFsync: String, Sendable, CaseIterable {
        /// Once a second: at most a second of writes lost when the machine (not the process) dies.
        case everysec
        /// Before every reply: nothing acknowledged is lost, at a cost in throughput.
        case always
    }

    /// The server's working directory: its config, log and append-only files.
    public var directory: String
    public var listener: Listener
    /// Whether the append-only file (AOF) is on; nil turns persistence off entirely.
    public var appendFsync: AppendFsync? = .everysec
    /// A password clients must send with AUTH.
    public var password: String?
    /// Whether the server is killed when the process that started it dies, even by SIGKILL.
    public var dieWithParent = true
    /// The executable, looked up in `PATH` when it has no slash.
    public var executable = "redis-server"
    /// More config lines, such as `enable-debug-command local` for tests.
    public var extraConfig: [String] = []
    /// How long to wait for the new server to answer PING.
    public var startupTimeout: Duration = .seconds(10)

    /// Options for a server in `directory` listening on `listener`.
    public init(directory: String, listener: Listener) {
        self.directory = directory
        self.listener = listener
    }

    /// The endpoint clients use to reach the server.
    public var endpoint: RedisEndpoint {
        switch listener {
        case .tcp(let port): RedisEndpoint(address: .tcp(host: "127.0.0.1", port: port), password: password)
        case .unixSocket(let path): RedisEndpoint(address: .unixSocket(path: path), password: password)
        }
    }

    /// The lines of the server's config file.
    var configLines: [String] {
        var lines = ["daemonize no", "dir \(quoted(directory))", "logfile \(quoted(logFile))", "save \"\""]
        switch listener {
        case .tcp(let port):
            lines += ["bind 127.0.0.1", "port \(port)"]
        case .unixSocket(let path):
            lines += ["port 0", "unixsocket \(quoted(path))", "unixsocketperm 700"]
        }
        if let appendFsync {
            lines += ["appendonly yes", "appendfsync \(appendFsync.rawValue)"]
        } else {
            lines += ["appendonly no"]
        }
        if let password { lines.append("requirepass \(quoted(password))") }
        return lines + extraConfig
    }

    /// The server's log file.
    public var logFile: String { directory + "/redis.log" }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
