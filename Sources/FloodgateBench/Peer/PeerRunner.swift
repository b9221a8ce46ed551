import FloodgateRedis
import FloodgateSystem
import FloodgateTesting
import Foundation

/// Registers the same shoppers on both servers, smoke-tests every call, then runs wrk per call
/// and side while sampling the CPU of the server, of Redis and of the machine.
struct PeerRunner {
    let stack: PeerStack
    let files: PeerUsers
    let wrk: WrkRunner
    let seconds: Int
    let redis: RedisClient
    private let scripts: (register: String, tokens: String, reserveHeaders: String)

    private var inventoryKey: String { "fg:{\(PeerStack.sale)}:inv" }

    init(stack: PeerStack, users: Int, connections: Int, seconds: Int) async throws {
        self.stack = stack
        self.seconds = seconds
        wrk = WrkRunner(connections: connections, seconds: seconds)
        redis = RedisClient(configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: "unix://\(stack.socket)")))
        try await redis.connect()
        scripts = try Self.scriptPaths()
        files = try await Self.registerUsers(stack, count: users)
    }

    /// Every call answers its 2xx on both servers, and a reserve on each moves the inventory by one.
    func smokeTest() async throws {
        let fgToken = try firstLine(files.floodgateTokens)
        let ngToken = try firstLine(files.nginxTokens)
        let user = try firstLine(files.positions).split(separator: " ").map(String.init)
        for (side, base, token) in [("fg", stack.daemon.baseURL, fgToken), ("ng", stack.nginxURL, ngToken)] {
            try await expect(201, "\(side) register", try await HTTPProbe.request("POST", base + "/queue/register",
                body: Data(#"{"sale_id":"\#(PeerStack.sale)","user_id":"smoke-\#(side)-\#(UUID().uuidString.prefix(8))"}"#.utf8),
                headers: ["Content-Type": "application/json"]))
            try await expect(200, "\(side) health", try await HTTPProbe.request("GET", base + "/health"))
            try await expect(200, "\(side) status", try await HTTPProbe.request("GET", base + "/queue/status", headers: ["Authorization": "Bearer \(token)"]))
            let before = try await reserved()
            let headers = side == "fg" ? ["Authorization": "Bearer \(token)"] : ["X-User": user[0], "X-Position": user[1]]
            try await expect(201, "\(side) reserve", try await HTTPProbe.request("POST", base + "/checkout/reserve",
                body: Data(#"{"sku":"A","qty":1}"#.utf8), headers: headers.merging(["Content-Type": "application/json"]) { $1 }))
            guard try await reserved() == before + 1 else { throw BenchError("\(side) reserve did not move \(inventoryKey) A|reserved") }
        }
        print("  smoke test: every call answered its 2xx on both servers; each reserve moved A|reserved by one")
    }

    /// One wrk run of `call` against `side`.
    func run(_ call: PeerCall, on side: PeerCall.Side) async throws -> PeerRun {
        let base = side == .floodgate ? stack.daemon.baseURL : stack.nginxURL
        let tokens = side == .floodgate ? files.floodgateTokens : files.nginxTokens
        let (url, script, environment): (String, String?, [String: String]) = switch call {
        case .health: (base + "/health", nil, [:])
        case .status: (base + "/", scripts.tokens, ["FLOODGATE_TOKENS": tokens, "FLOODGATE_PATH": "/queue/status"])
        case .register: (base + "/", scripts.register, ["FLOODGATE_SALE": PeerStack.sale, "FLOODGATE_RUN": UUID().uuidString])
        case .reserve where side == .floodgate:
            (base + "/", scripts.tokens, ["FLOODGATE_TOKENS": tokens, "FLOODGATE_PATH": "/checkout/reserve", "FLOODGATE_BODY": #"{"sku":"A","qty":1}"#])
        case .reserve: (base + "/", scripts.reserveHeaders, ["FLOODGATE_USERS": files.positions, "FLOODGATE_BODY": #"{"sku":"A","qty":1}"#])
        }
        // The per-user limit is at most 1000: give the shoppers their full limit back before each reserve run.
        if call == .reserve { _ = try await redis.send(["DEL", "fg:{\(PeerStack.sale)}:held"]) }
        let pids = side == .floodgate ? [stack.daemon.process.pid] : stack.nginxWorkers
        let server0 = ProcessCPU.ticks(pids), redis0 = ProcessCPU.ticks([stack.redis.pid]), machine0 = ProcessCPU.machine()
        let load = try await wrk.run(url, script: script, environment: environment)
        let server1 = ProcessCPU.ticks(pids), redis1 = ProcessCPU.ticks([stack.redis.pid]), machine1 = ProcessCPU.machine()
        let requests = load.callsPerSecond * Double(seconds)
        let total = Double(max(1, machine1.total - machine0.total))
        try await Task.sleep(for: .seconds(1))
        return PeerRun(
            call: call, side: side, load: load, requests: requests,
            serverMicros: requests > 0 ? Double(server1 - server0) * ProcessCPU.microsPerTick / requests : 0,
            redisMicros: requests > 0 ? Double(redis1 - redis0) * ProcessCPU.microsPerTick / requests : 0,
            machineBusy: 100 * (1 - Double(machine1.idle - machine0.idle) / total)
        )
    }

    private func reserved() async throws -> Int {
        guard let value = try await redis.send(["HGET", inventoryKey, "A|reserved"]).string.flatMap({ Int($0) }) else {
            throw BenchError("\(inventoryKey) has no A|reserved")
        }
        return value
    }

    private func expect(_ status: Int, _ what: String, _ response: HTTPProbe.Response) async throws {
        guard response.status == status else { throw BenchError("smoke test \(what): expected \(status), got \(response.status) \(response.text.prefix(200))") }
    }

    private func firstLine(_ file: String) throws -> String {
        guard let line = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").first else { throw BenchError("\(file) is empty") }
        return String(line)
    }

    /// Registers `user-1...count` on the daemon, waits for their admission, then registers them on
    /// nginx too (register.lua answers "existing", the same position) for nginx's own tokens.
    private static func registerUsers(_ stack: PeerStack, count: Int) async throws -> PeerUsers {
        let directory = stack.directory
        var fgTokens: [String] = [], ngTokens: [String] = [], positions: [String] = []
        for index in 1...count {
            let user = "buyer-\(index)"
            let fg = try await register(stack.daemon.baseURL, user: user)
            let ng = try await register(stack.nginxURL, user: user)
            guard fg.position == ng.position else { throw BenchError("\(user): nginx's register.lua gave position \(ng.position), Floodgate's \(fg.position)") }
            fgTokens.append(fg.token)
            ngTokens.append(ng.token)
            positions.append("\(user) \(fg.position)")
        }
        try await Task.sleep(for: .milliseconds(1_500))  // the daemon ticks 5 times a second and admits 100,000/s
        let files = PeerUsers(floodgateTokens: directory + "/tokens-fg.txt", nginxTokens: directory + "/tokens-ng.txt", positions: directory + "/users.txt")
        try fgTokens.joined(separator: "\n").write(toFile: files.floodgateTokens, atomically: true, encoding: .utf8)
        try ngTokens.joined(separator: "\n").write(toFile: files.nginxTokens, atomically: true, encoding: .utf8)
        try positions.joined(separator: "\n").write(toFile: files.positions, atomically: true, encoding: .utf8)
        return files
    }

    private static func register(_ base: String, user: String) async throws -> (token: String, position: Int) {
        let response = try await HTTPProbe.request("POST", base + "/queue/register",
            body: Data(#"{"sale_id":"\#(PeerStack.sale)","user_id":"\#(user)"}"#.utf8), headers: ["Content-Type": "application/json"])
        guard (200...201).contains(response.status), let token = response.json?["token"] as? String,
            let position = response.json?["position"] as? Int
        else { throw BenchError("register \(user) on \(base): \(response.status) \(response.text.prefix(200))") }
        return (token, position)
    }

    private static func scriptPaths() throws -> (register: String, tokens: String, reserveHeaders: String) {
        guard let register = Bundle.module.path(forResource: "register", ofType: "lua", inDirectory: "Scripts"),
            let tokens = Bundle.module.path(forResource: "tokens", ofType: "lua", inDirectory: "Scripts"),
            let headers = Bundle.module.path(forResource: "peer_reserve", ofType: "lua", inDirectory: "Scripts")
        else { throw BenchError("the wrk scripts are missing from the bundle") }
        return (register, tokens, headers)
    }
}
