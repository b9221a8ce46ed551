import FloodgateCore
import FloodgateEngine
import FloodgateHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// `floodgate serve --demo`: a sale named `demo` and a simulated crowd that goes through the
/// daemon's own public API on loopback, so that the war room's routes, latencies and bot panel
/// show real figures on a first run. Shoppers arrive about 15 a second, with a spike every three
/// minutes, at most ``maxShoppers`` at a time, each on a keep-alive connection of its own; three
/// bots poll fast from one address.
struct DemoTraffic: Service {
    static let saleID = "demo"
    /// Shoppers visiting at once, at most.
    static let maxShoppers = 300
    /// The bots' one address.
    static let botSource = "127.66.0.1"

    let engine: SaleEngine
    let bound: BoundAddress
    /// Whether shoppers and bots are simulated; false leaves the demo sale empty.
    let crowd: Bool
    let logger: Logger

    /// The demo sale: three SKUs, a modest admission rate, short reservations, a gateway that
    /// declines one payment in twenty.
    static var definition: SaleDefinition {
        var definition = SaleDefinition(
            id: saleID, name: "Demo drop",
            skus: [.init(sku: "TEE-BLACK-M", stock: 4_000), .init(sku: "TEE-BLACK-L", stock: 3_000), .init(sku: "CAP-RED", stock: 1_500)],
            startsAt: Date()
        )
        definition.admitPerSecond = 25
        definition.reservationTTLSeconds = 20
        definition.admissionWindowSeconds = 60
        definition.payment = .init(failureRate: 0.05, latencyMs: 80)
        return definition
    }

    func run() async throws {
        do {
            try await engine.create(Self.definition)
            try await engine.audit(saleID: Self.saleID, actor: "demo", action: "create", detail: "demo sale", result: "ok")
        } catch SaleEngineError.saleExists {
            logger.info("demo sale exists; simulating shoppers on it")
        } catch {
            logger.warning("the demo sale could not be created; no demo traffic", metadata: ["error": "\(error)"])
            try? await gracefulShutdown()
            return
        }
        guard crowd else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            guard let address = await bound.wait() else { return }
            await simulate(target: DemoTarget(listening: address))
        }
    }

    /// Runs the bots and lets shoppers in, five times a second, until cancelled.
    private func simulate(target: DemoTarget) async {
        let skus = Self.definition.skus.map(\.sku)
        let visiting = NIOLockedValueBox(0)
        await withDiscardingTaskGroup { group in
            for index in 1...3 {
                group.addTask { await DemoBot(name: "demo-bot-\(index)", target: target, skus: skus).run() }
            }
            var arrivals = DemoArrivals()
            while !Task.isCancelled {
                let room = Self.maxShoppers - visiting.withLockedValue { $0 }
                for (number, user) in arrivals.next(at: Date()).prefix(max(room, 0)) {
                    visiting.withLockedValue { $0 += 1 }
                    group.addTask {
                        if let connection = try? await target.connect(from: DemoTarget.shopperSource(number)) {
                            let api = DemoAPI(connection: connection, saleID: Self.saleID, browser: .shopper())
                            await DemoShopper(user: user, api: api, skus: skus).visit()
                            connection.close()
                        }
                        visiting.withLockedValue { $0 -= 1 }
                    }
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}

/// Where the demo crowd connects: the listener's own address (loopback when it listens on every
/// interface). On IPv4 loopback each visitor sends from a loopback address of its own (Linux
/// routes all of 127.0.0.0/8 over loopback), as a real crowd comes from many addresses.
struct DemoTarget {
    let host: String
    let port: Int

    init(listening address: ListenAddress) {
        switch address.host {
        case "0.0.0.0", "": host = "127.0.0.1"
        case "::": host = "::1"
        default: host = address.host
        }
        port = address.port
    }

    /// The address of the `number`th shopper: consecutive shoppers in different /16s.
    static func shopperSource(_ number: Int) -> String {
        "127.\(20 + number % 200).\(number / 200 % 256).\(1 + number / 51_200 % 250)"
    }

    /// Opens a keep-alive connection, sent from `source` when the target is on IPv4 loopback.
    func connect(from source: String) async throws -> HTTPClientConnection {
        try await HTTPClientConnection.connect(host: host, port: port, source: host.hasPrefix("127.") ? source : nil)
    }
}

/// The demo's arrival curve: about 15 shoppers a second, and 80 a second for fifteen seconds of
/// every three minutes.
struct DemoArrivals {
    private var arrived = 0
    private let started = Date()

    /// New shoppers for the next fifth of a second: their arrival numbers and names.
    mutating func next(at now: Date) -> [(number: Int, user: String)] {
        let second = Int(saturating: now.timeIntervalSince(started)) % 180
        let perSecond = (20..<35).contains(second) ? 80.0 : 15.0
        let count = Int(saturating: (perSecond / 5 * Double.random(in: 0.5...1.5)).rounded())
        defer { arrived += count }
        return (arrived..<arrived + count).map { ($0, "demo-\(Int(saturating: started.timeIntervalSince1970))-\($0)") }
    }
}
