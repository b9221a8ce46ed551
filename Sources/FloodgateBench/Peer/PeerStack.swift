import FloodgateRedis
import FloodgateSystem
import FloodgateTesting
import Foundation

/// The two servers under test on one Redis: redis-server on a unix socket (AOF everysec, no
/// automatic rewrites), the release daemon on it, and nginx with the Lua peer calling the
/// daemon's own register and reserve scripts by their SHA. Everything listens on 127.0.0.1 or a
/// socket in a fresh directory; ``stop()`` stops every process it started, by PID.
final class PeerStack: Sendable {
    static let sale = "peer"

    let directory: String
    let redis: RedisServerProcess
    let daemon: TestDaemon
    let nginx: ChildProcess
    let nginxURL: String
    /// nginx's two worker processes (the CPU that serves the peer's requests).
    let nginxWorkers: [Int32]

    private init(directory: String, redis: RedisServerProcess, daemon: TestDaemon, nginx: ChildProcess, nginxURL: String, nginxWorkers: [Int32]) {
        self.directory = directory
        self.redis = redis
        self.daemon = daemon
        self.nginx = nginx
        self.nginxURL = nginxURL
        self.nginxWorkers = nginxWorkers
    }

    var socket: String { directory + "/redis.sock" }

    /// Starts Redis, the daemon (and its sale `peer`), then nginx from the template.
    static func start(scripts: String) async throws -> PeerStack {
        let directory = makeScratchDirectory("peer")
        var options = RedisServerOptions(directory: directory, listener: .unixSocket(path: directory + "/redis.sock"))
        options.extraConfig = ["auto-aof-rewrite-percentage 0"]  // no AOF rewrite fork landing in a random run
        let redis = try await RedisServerProcess.start(options)
        let daemon: TestDaemon
        do {
            daemon = try await TestDaemon.start(["--redis", "unix://\(directory)/redis.sock", "--admin-token", "peer",
                                                 "--registrations-per-source", "0", "--checkout-per-token", "0", "--log-level", "notice"])
        } catch {
            await redis.stop()
            throw error
        }
        do {
            // admission_window_seconds 3600: the run outlasts the default 300 s window.
            try await FloodgateClient(baseURL: daemon.baseURL, adminToken: "peer").createSale(
                #"{"id":"\#(sale)","skus":[{"sku":"A","stock":10000000}],"admit_per_second":100000,"per_user_limit":1000,"reservation_ttl_seconds":600,"admission_window_seconds":3600}"#)
            let shas = try await PeerScripts.loaded(from: scripts, socket: directory + "/redis.sock")
            let (nginx, url, workers) = try await startNginx(directory: directory, socket: directory + "/redis.sock", shas: shas)
            return PeerStack(directory: directory, redis: redis, daemon: daemon, nginx: nginx, nginxURL: url, nginxWorkers: workers)
        } catch {
            await daemon.stop()
            await redis.stop()
            throw error
        }
    }

    /// Stops nginx, the daemon and Redis (each by its PID) and removes the directory.
    func stop() async {
        nginx.signal(SIGTERM)
        _ = await nginx.waitUntilExit()
        await daemon.stop()
        await redis.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func startNginx(directory: String, socket: String, shas: PeerScripts.SHAs) async throws -> (ChildProcess, String, [Int32]) {
        guard let template = Bundle.module.path(forResource: "nginx.conf", ofType: "template") else {
            throw BenchError("nginx.conf.template is missing from the bundle")
        }
        let prefix = directory + "/nginx"
        try FileManager.default.createDirectory(atPath: prefix + "/tmp", withIntermediateDirectories: true)
        let port = FreePort.next()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        var config = try String(contentsOfFile: template, encoding: .utf8)
        for (name, value) in ["PREFIX": prefix, "PORT": String(port), "REDIS_SOCK": socket, "SALE": sale,
                              "REGISTER_SHA": shas.register, "RESERVE_SHA": shas.reserve, "SECRET": secret] {
            config = config.replacingOccurrences(of: "@\(name)@", with: value)
        }
        try config.write(toFile: prefix + "/nginx.conf", atomically: true, encoding: .utf8)
        let process = try await ChildProcess.spawn(
            ["/usr/bin/setpriv", "--pdeathsig", "TERM", "--", "/usr/sbin/nginx", "-p", prefix + "/", "-e", prefix + "/error.log", "-c", prefix + "/nginx.conf"],
            standardError: prefix + "/stderr.log"
        )
        let url = "http://127.0.0.1:\(port)"
        for _ in 0..<100 {
            let workers = ProcessTable.children(of: process.pid)
            if workers.count == 2, (try? await HTTPProbe.request("GET", url + "/health"))?.status == 200 {
                return (process, url, workers)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.signal(SIGTERM)
        _ = await process.waitUntilExit()
        let log = (try? String(contentsOfFile: prefix + "/error.log", encoding: .utf8)) ?? ""
        throw BenchError("nginx did not come up with 2 workers: \(log.suffix(600))")
    }
}
