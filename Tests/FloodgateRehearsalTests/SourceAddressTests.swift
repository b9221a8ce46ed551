import FloodgateRedis
import FloodgateTesting
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

@testable import FloodgateRehearsal

/// The load generator sends from real loopback source addresses: the daemon, which trusts no
/// forwarding header, sees each agent's own address as its peer, and the sockets stay within
/// the budget however many sources there are.
@Suite("Rehearsal source addresses: real peers, bounded sockets")
struct SourceAddressTests {
    static let adminToken = "source-address-test-token-0123456789"

    @Test("30 shoppers from 30 loopback addresses over 4 sockets: the daemon records each one's own address")
    func realPeers() async throws {
        try await TestRedisServer.with { redis in
            let daemon = try await TestDaemon.start(["--redis", "redis://127.0.0.1:\(redis.port)", "--admin-token", Self.adminToken])
            let client = FloodgateClient(baseURL: daemon.baseURL, adminToken: Self.adminToken)
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            do {
                try await client.createSale(#"{"id":"drop-1","skus":[{"sku":"A","stock":10}]}"#)
                let loop = group.next()
                let target = try TargetAddress(url: daemon.baseURL)
                let balancer = try await loop.submit {
                    NIOLoopBound(try TargetBalancer(targets: [target], loop: loop, connectionsPerTarget: 4, timeout: .seconds(10)), eventLoop: loop)
                }.get()
                let statuses = try await withThrowingTaskGroup(of: Int.self) { tasks in
                    for number in 0..<30 {
                        tasks.addTask {
                            let promise = loop.makePromise(of: Int.self)
                            loop.execute {
                                let body = ByteBuffer(string: #"{"sale_id":"drop-1","user_id":"shopper-\#(number)"}"#)
                                let request = LoadRequest(method: .POST, uri: "/queue/register", headers: ["Content-Type": "application/json"],
                                                          body: body, issuedAt: .now()) { outcome in
                                    if case .answered(let response) = outcome { promise.succeed(response.status) } else { promise.succeed(0) }
                                }
                                balancer.value.submit(request, from: "127.77.\(number).9")
                            }
                            return try await promise.futureResult.get()
                        }
                    }
                    return try await tasks.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")
                #expect(Self.establishedSockets(toPort: target.port) <= 4)
                for number in [0, 7, 29] {
                    let session = try await client.admin("GET", "/admin/sales/drop-1/bots/sessions/shopper-\(number)").json
                    #expect(session?["source"] as? String == "127.77.\(number).9")
                    #expect(session?["subnet"] as? String == "127.77.\(number).0/24")
                }
                try await loop.submit { balancer.value.stop() }.get()
            } catch {
                _ = await daemon.stop()
                try await group.shutdownGracefully()
                throw error
            }
            _ = await daemon.stop()
            try await group.shutdownGracefully()
        }
    }

    /// Established IPv4 connections to `port` from 127.77.0.0/16, as the kernel lists them.
    static func establishedSockets(toPort port: Int) -> Int {
        let table = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
        let portHex = String(format: "%04X", port)
        return table.split(separator: "\n").dropFirst().filter { line in
            let fields = line.split(separator: " ")
            // local (little-endian hex address:port), remote, state (01 = established)
            guard fields.count > 3 else { return false }
            return fields[2].hasSuffix(":" + portHex) && fields[3] == "01" && fields[1].prefix(8).hasSuffix("4D7F")
        }.count
    }
}
