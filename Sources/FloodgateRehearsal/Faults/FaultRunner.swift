import FloodgateCore
import FloodgateRedis
import Logging
import NIOCore
import NIOHTTP1

/// Injects the profile's faults, each at its time (concurrently, so a slow restart does not
/// delay the next fault), and records what was done.
struct FaultRunner: Sendable {
    let faults: [FaultSpec]
    let deployment: any Deployment
    let admin: AdminClient
    let redis: RedisClient
    let saleID: String
    /// The run's tick 0.
    let start: NIODeadline
    let logger: Logger

    /// Injects every fault; returns their records in time order.
    func run() async -> [FaultRecord] {
        await withTaskGroup(of: FaultRecord.self) { group in
            for fault in faults {
                group.addTask { await inject(fault) }
            }
            var records: [FaultRecord] = []
            for await record in group { records.append(record) }
            return records.sorted { $0.startedAtSeconds < $1.startedAtSeconds }
        }
    }

    private func inject(_ fault: FaultSpec) async -> FaultRecord {
        let wait = (start + .milliseconds(Int64(saturating: fault.atSeconds * 1_000))) - .now()
        if wait > .zero { try? await Task.sleep(for: .nanoseconds(wait.nanoseconds)) }
        let startedAt = Double((NIODeadline.now() - start).nanoseconds) / 1e9
        logger.notice("fault", metadata: ["t": "\(startedAt.formatted(decimals: 1)) s", "fault": "\(fault.summary)"])
        let result = Task.isCancelled ? .skipped("the run ended first") : await perform(fault.kind)
        logger.notice("fault done", metadata: ["fault": "\(fault.summary)", "result": "\(result.detail)"])
        return FaultRecord(spec: fault, startedAtSeconds: startedAt, result: result)
    }

    private func perform(_ kind: FaultSpec.Kind) async -> FaultResult {
        switch kind {
        case .payment(let rate, let latency):
            let fields = [rate.map { #""failure_rate":\#($0)"# }, latency.map { #""latency_ms":\#($0)"# }].compactMap { $0 }
            return await control("payment", json: "{" + fields.joined(separator: ",") + "}")
        case .admin(let action, let rate, let open):
            let fields = [rate.map { #""admit_per_second":\#($0)"# }, open.map { #""open":\#($0)"# }].compactMap { $0 }
            return await control(action, json: "{" + fields.joined(separator: ",") + "}")
        case .killDaemon(let daemon, let after):
            return await deployment.killDaemon(daemon, restartAfter: after.map { .seconds(fractional: $0) })
        case .restartRedis(let down):
            return await deployment.restartRedis(down: .seconds(fractional: down))
        case .failover(let after):
            let slot = HashSlot.of("fg:{\(saleID)}:inv")
            return await deployment.failover(slot: slot, primary: redis.primary(ofSlot: slot), restartAfter: after.map { .seconds(fractional: $0) })
        case .corruptStock(let sku, let delta):
            return await corrupt(sku: sku, delta: delta)
        case .slowRedis(let bursts, let pause, let every):
            return await stall(bursts: bursts, pauseMs: pause, everySeconds: every)
        case .starveDaemon(let daemon, let seconds, let stopped, let every):
            return await deployment.starveDaemon(daemon, for: .seconds(fractional: seconds),
                                                 starvation: CPUStarvation(stopped: .milliseconds(stopped), every: .milliseconds(every)))
        }
    }

    private func control(_ action: String, json: String) async -> FaultResult {
        do {
            let answer = try await admin.call(.POST, "/admin/sales/\(saleID)/\(action)", json: json)
            return answer.status == 200 ? .done("the admin API answered 200") : .skipped("the admin API answered \(answer.status) \(answer.body)")
        } catch {
            return .skipped("\(error)")
        }
    }

    /// Pauses every Redis client in bursts (`CLIENT PAUSE ... ALL`); a burst Redis refuses is counted out.
    private func stall(bursts: Int, pauseMs: Int, everySeconds: Double) async -> FaultResult {
        var paused = 0
        for burst in 0..<bursts {
            if burst > 0 { try? await Task.sleep(for: .seconds(fractional: everySeconds)) }
            if (try? await redis.send(["CLIENT", "PAUSE", String(pauseMs), "ALL"])) == .simple("OK") { paused += 1 }
        }
        return paused == bursts ? .done("\(paused) pauses of \(pauseMs) ms") : .skipped("Redis took \(paused) of \(bursts) pauses")
    }

    /// Changes the stock behind the daemons' back, trying for a few seconds if Redis is down.
    private func corrupt(sku: String, delta: Int) async -> FaultResult {
        for _ in 0..<20 {
            if let reply = try? await redis.send(["HINCRBY", "fg:{\(saleID)}:inv", "\(sku)|available", String(delta)]), let value = reply.int {
                return .done("\(sku)|available is now \(value)")
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return .skipped("Redis did not answer")
    }
}
