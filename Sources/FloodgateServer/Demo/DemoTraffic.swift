import FloodgateCore
import FloodgateEngine
import Foundation
import Logging
import ServiceLifecycle

/// `floodgate serve --demo`: a sale named `demo` and simulated shoppers inside the daemon, so
/// the war room moves on a first run. Shoppers arrive in waves, wait their turn, reserve, and
/// then buy, cancel or walk away (their reservations expire), straight through the engine.
struct DemoTraffic: Service {
    static let saleID = "demo"

    let engine: SaleEngine
    let directory: SaleDirectory
    let logger: Logger

    /// The demo sale: three SKUs, a modest admission rate, short reservations.
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
        await cancelWhenGracefulShutdown {
            var crowd = DemoCrowd()
            while !Task.isCancelled {
                do {
                    try await step(&crowd)
                } catch {
                    logger.debug("demo step failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// One fifth of a second of shoppers: arrivals, then the admitted ones act.
    private func step(_ crowd: inout DemoCrowd) async throws {
        for user in crowd.arrivals(at: Date()) {
            let registration = try await engine.register(saleID: Self.saleID, userID: user, challengeID: nil, challengeLifetimeMs: 0)
            crowd.waiting.append((user, registration.ticket))
        }
        guard let clock = directory.view(Self.saleID)?.clock else { return }
        for (user, ticket) in crowd.admitted(through: clock.admittedThrough) {
            let sku = Self.definition.skus.randomElement()!.sku
            if let reservation = try? await engine.reserve(saleID: Self.saleID, userID: user, position: ticket, sku: sku, qty: 1) {
                crowd.holding.append(DemoCrowd.Hold(user: user, reservation: reservation.id, due: Date().addingTimeInterval(.random(in: 1...6))))
            }
        }
        for hold in crowd.due(at: Date()) {
            switch Double.random(in: 0..<1) {
            case ..<0.75:
                _ = try? await engine.commit(saleID: Self.saleID, userID: hold.user, reservationID: hold.reservation,
                                             idempotencyKey: hold.reservation, fingerprint: "demo")
            case ..<0.85:
                try? await engine.cancel(saleID: Self.saleID, userID: hold.user, reservationID: hold.reservation)
            default:
                break  // walks away: the reservation expires
            }
        }
    }
}

/// The demo's shoppers: who is waiting, who holds a reservation, and the arrival curve.
struct DemoCrowd {
    struct Hold {
        let user: String
        let reservation: String
        let due: Date
    }

    var waiting: [(user: String, ticket: UInt64)] = []
    var holding: [Hold] = []
    private var arrived = 0
    private let started = Date()

    /// New shoppers for this step: about 15 a second, with a surge to 80 a second for ten
    /// seconds of every minute.
    mutating func arrivals(at now: Date) -> [String] {
        let second = Int(saturating: now.timeIntervalSince(started)) % 60
        let perSecond = (20..<30).contains(second) ? 80.0 : 15.0
        let count = Int(saturating: (perSecond / 5 * Double.random(in: 0.5...1.5)).rounded())
        defer { arrived += count }
        return (0..<count).map { "demo-\(Int(saturating: started.timeIntervalSince1970))-\(arrived + $0)" }
    }

    /// The waiting shoppers whose turn has come, removed from the queue.
    mutating func admitted(through cursor: UInt64) -> [(user: String, ticket: UInt64)] {
        let ready = waiting.filter { $0.ticket <= cursor }
        waiting.removeAll { $0.ticket <= cursor }
        return ready.filter { _ in Double.random(in: 0..<1) < 0.8 }
    }

    /// The holds whose shopper decides now, removed from the list.
    mutating func due(at now: Date) -> [Hold] {
        let ready = holding.filter { $0.due <= now }
        holding.removeAll { $0.due <= now }
        return ready
    }
}
