import ArgumentParser
import FloodgateRedis
import FloodgateTesting
import Foundation

/// `floodgate-bench peer`: the daemon's hot calls against nginx + lua-nginx-module doing the same
/// Redis work (the daemon's own register and reserve scripts, by SHA, on the same Redis), side by
/// side in one run: req/s, CPU per request of each server, p99.
struct PeerBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peer",
        abstract: "Floodgate against an nginx + Lua peer doing the same Redis work (needs nginx, libnginx-mod-http-lua, lua-nginx-redis, lua-cjson, wrk)."
    )

    @Option(help: "wrk connections.")
    var connections = 64

    @Option(help: "Seconds per wrk run.")
    var seconds = 8

    @Option(help: "Rounds; each runs every call on both servers, the order swapped every round.")
    var rounds = 3

    @Option(help: "Shoppers registered on both servers for status and reserve.")
    var users = 200

    @Option(help: "The daemon's Lua scripts (nginx calls them by their SHA).")
    var scripts = "Sources/FloodgateEngine/Scripts"

    func run() async throws {
        let stack = try await PeerStack.start(scripts: scripts)
        do {
            try await measure(stack)
        } catch {
            await stack.stop()
            throw error
        }
        await stack.stop()
    }

    private func measure(_ stack: PeerStack) async throws {
        let load = try String(contentsOfFile: "/proc/loadavg", encoding: .utf8).split(separator: " ").prefix(3).joined(separator: " ")
        print("floodgate vs nginx+lua peer: \(ProcessInfo.processInfo.activeProcessorCount) cores, load \(load)")
        print("  floodgate \(stack.daemon.baseURL), nginx \(stack.nginxURL), redis unix://\(stack.socket)")
        let runner = try await PeerRunner(stack: stack, users: users, connections: connections, seconds: seconds)
        try await runner.smokeTest()
        print("runs: wrk -t1 -c\(connections) -d\(seconds)s, \(rounds) rounds, order fg,ng then ng,fg")
        var runs: [PeerRun] = []
        for round in 1...rounds {
            for call in PeerCall.allCases {
                let sides: [PeerCall.Side] = round % 2 == 1 ? [.floodgate, .nginx] : [.nginx, .floodgate]
                for side in sides {
                    let run = try await runner.run(call, on: side)
                    runs.append(run)
                    print(PeerTable.line(round: round, run))
                }
            }
        }
        print(PeerTable.table(runs))
        runner.redis.shutdown()
    }
}
