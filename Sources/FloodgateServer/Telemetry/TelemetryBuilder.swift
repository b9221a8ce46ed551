import FloodgateCore
import FloodgateEngine
import FloodgateRedis
import Foundation
import Hummingbird
import ServiceLifecycle

/// Builds the war room's telemetry snapshot of a sale from Redis (state, stock, counters,
/// expiries, audit) and the daemon's own figures (rates, latencies, alerts), and streams it.
struct TelemetryBuilder: Sendable {
    let services: ServerServices

    /// One snapshot of `saleID`.
    /// - Throws: ``FloodgateCore/APIError`` 404 for an unknown sale.
    func snapshot(saleID: String) async throws -> TelemetrySnapshot {
        let engine = services.engine
        guard let status = try await engine.status(of: saleID) else { throw AdminRoutes.unknownSale(saleID) }
        let samples = services.directory.samples(saleID) ?? SaleSamples(latest: (status, Date()), previous: nil)
        async let expiring = engine.expiringReservations(saleID: saleID, within: [10, 30, 60])
        async let audit = engine.auditTrail(saleID: saleID, limit: 20)
        async let connected = engine.redis.ping()
        async let alerts = engine.alerts(saleID: saleID)
        async let cluster = engine.redis.clusterStatus()
        let definition = try await services.sale(saleID).definition
        let registered = status.counters["registered"] ?? 0
        let rate = status.admitPerSecond
        let queue = TelemetrySnapshot.Queue(
            length: status.queueLength, registered: registered, admittedThrough: status.admittedThrough,
            admitPerSecond: rate, arrivalsPerSecond: samples.rate("registered"),
            etaBackSeconds: rate > 0 ? Int(saturating: (Double(status.queueLength) / rate).rounded(.up)) : nil
        )
        let skus = status.skus.map { sku in
            TelemetrySnapshot.SKU(sku: sku.sku, initial: sku.initial, added: sku.added, available: sku.available, reserved: sku.reserved,
                                  sold: sku.sold, soldPerSecond: samples.rate { $0.skus.first { $0.sku == sku.sku }?.sold ?? 0 })
        }
        let windows = try await expiring
        let reservations = TelemetrySnapshot.Reservations(
            live: windows.live, expiringIn10s: windows.within[0], expiringIn30s: windows.within[1], expiringIn60s: windows.within[2],
            expiriesPerSecond: samples.rate("expired")
        )
        var snapshot = TelemetrySnapshot(
            saleID: saleID, name: status.name, state: status.state.rawValue, fairness: status.fairness,
            registrationOpen: status.registrationOpen, generatedAt: RFC3339.format(Date()),
            queue: queue, skus: skus, reservations: reservations, funnel: funnel(status, samples),
            payments: payments(status, samples), http: http(), redis: redis(connected: await connected, cluster: await cluster), bots: try await bots(saleID),
            conservation: .init(ok: status.conservationViolations.isEmpty, violations: status.conservationViolations),
            alerts: try await alerts, audit: try await audit,
            pauseReason: status.pauseReason, pausedBy: status.pausedBy, pausedAt: status.pausedAt,
            startsAt: RFC3339.format(definition.startsAt), endsAt: definition.endsAt.map(RFC3339.format)
        )
        snapshot.daemons = try await DaemonRoster.list(engine)
        return snapshot
    }

    /// `text/event-stream`: one snapshot a second until the client goes or the daemon stops.
    func stream(saleID: String) async throws -> Response {
        _ = try await snapshot(saleID: saleID)
        let body = ResponseBody { writer in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let event: String
                do {
                    event = "data: " + String(decoding: try JSONEncoder().encode(try await snapshot(saleID: saleID)), as: UTF8.self) + "\n\n"
                } catch {
                    event = "event: error\ndata: {\"message\":\"\(String(describing: error).replacingOccurrences(of: "\"", with: "'"))\"}\n\n"
                }
                try await writer.write(ByteBuffer(string: event))
                try? await Task.sleep(for: .seconds(1))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    private func funnel(_ status: SaleStatus, _ samples: SaleSamples) -> TelemetrySnapshot.Funnel {
        func count(_ name: String) -> Int { status.counters[name] ?? 0 }
        return TelemetrySnapshot.Funnel(
            registered: count("registered"), admitted: count("admitted"), reserved: count("reserved"), committed: count("committed"),
            cancelled: count("cancelled"), expired: count("expired"), released: count("released"), registeredPerSecond: samples.rate("registered"),
            admittedPerSecond: samples.rate("admitted"), reservedPerSecond: samples.rate("reserved"), committedPerSecond: samples.rate("committed")
        )
    }

    private func payments(_ status: SaleStatus, _ samples: SaleSamples) -> TelemetrySnapshot.Payments {
        let attempts = samples.rate("payment_attempts")
        let failures = samples.rate("payment_failures")
        return TelemetrySnapshot.Payments(
            attempts: status.counters["payment_attempts"] ?? 0, failures: status.counters["payment_failures"] ?? 0,
            successRate: attempts > 0 ? max(0, 1 - failures / attempts) : nil,
            failureRateSetting: status.payment.failureRate, latencyMsSetting: status.payment.latencyMs,
            pending: status.paymentsPending, reconciledOrders: status.counters["reconciled_orders"] ?? 0,
            reconciledVoids: status.counters["reconciled_voids"] ?? 0
        )
    }

    private func http() -> TelemetrySnapshot.HTTP {
        let routes = services.traffic.routes()
        let total = routes.reduce(0) { $0 + $1.perSecond }
        let errors = routes.reduce(0) { $0 + $1.perSecond * $1.errorRate }
        return TelemetrySnapshot.HTTP(
            requestsPerSecond: total, errorRate: total > 0 ? errors / total : 0,
            routes: routes.map { .init(route: $0.route, requestsPerSecond: $0.perSecond, p50Ms: $0.p50Ms, p99Ms: $0.p99Ms, errorRate: $0.errorRate) }
        )
    }

    private func redis(connected: Bool, cluster: RedisClusterStatus?) -> TelemetrySnapshot.Redis {
        let latency = services.traffic.redisLatency()
        return TelemetrySnapshot.Redis(connected: connected, p50Ms: latency.p50Ms, p99Ms: latency.p99Ms,
                                       nodes: cluster?.primaries.map(TelemetrySnapshot.Redis.Node.init))
    }

    /// The sale's bot defense: blocked entries, sessions per score bucket, the top offenders by
    /// address (score, identities among the top sessions in `requests`).
    private func bots(_ saleID: String) async throws -> TelemetrySnapshot.Bots {
        let report = try await services.engine.botReport(saleID: saleID)
        let view = services.directory.view(saleID)
        let policy = view.map { services.bots.policy($0.definition) } ?? BotPolicy()
        let answer = BotReportAnswer(saleID: saleID, policy: policy, report: report)
        return TelemetrySnapshot.Bots(
            blocked: report.blocks.count, scoreHistogram: report.buckets,
            topOffenders: answer.offenders.prefix(10).map {
                .init(source: $0.source, score: $0.score, requests: $0.identities, mainSignal: $0.mainSignal, fingerprint: $0.fingerprint)
            },
            held: report.heldNow, evicted: report.evicted, mode: policy.mode.rawValue, unitsFlagged: report.flaggedUnits
        )
    }
}
