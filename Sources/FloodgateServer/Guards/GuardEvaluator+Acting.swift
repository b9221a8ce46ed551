import FloodgateCore
import FloodgateEngine
import Logging

extension GuardEvaluator {
    /// Applies a step's effect (not in `observe` mode), then audits it as `guard:<name>` with the
    /// figure (result `ok`, `dry_run`, or the refusal's code) and counts it.
    func act(_ step: GuardStep, kind: GuardKind, settings: GuardSettings, reading: GuardReading, saleID: String) async throws {
        let dryRun = settings.mode == .observe
        var result = dryRun ? "dry_run" : "ok"
        if !dryRun {
            do {
                try await apply(step.effect, kind: kind, reading: reading, saleID: saleID)
            } catch let error as SaleEngineError {
                result = APIError(error).code
            }
        }
        let detail = "\(reading.figure); \(dryRun ? "would " : "")\(step.effect.text)"
        try await engine.audit(saleID: saleID, actor: kind.actor, action: step.event.rawValue, detail: detail, result: result)
        metrics.count(saleID: saleID, kind: kind, event: step.event, mode: settings.mode)
        let level: Logger.Level = step.event == .fire && settings.severity == .critical ? .critical : .warning
        logger.log(level: level, "guard \(step.event.rawValue)", metadata: [
            "sale": "\(saleID)", "guard": "\(kind.rawValue)", "figure": "\(reading.figure)", "effect": "\(step.effect.text)", "result": "\(result)",
        ])
    }

    /// Why a guard paused the sale, as the war room reads it (the console knows conservation's words).
    static func pauseReason(_ kind: GuardKind, _ reading: GuardReading) -> String {
        kind == .conservation ? "stock not conserved" : String("\(kind.rawValue): \(reading.figure)".prefix(200))
    }

    private func apply(_ effect: GuardEffect, kind: GuardKind, reading: GuardReading, saleID: String) async throws {
        switch effect {
        case .none:
            return
        case .setRate(_, let rate):
            try await engine.control(saleID: saleID, .throttle(admitPerSecond: rate))
        case .pause:
            try await engine.control(saleID: saleID, .pause(reason: Self.pauseReason(kind, reading), by: kind.actor))
        case .resume:
            try await engine.control(saleID: saleID, .resume)
        case .haltRegistration:
            try await engine.control(saleID: saleID, .registration(open: false))
        case .reopenRegistration:
            try await engine.control(saleID: saleID, .registration(open: true))
        }
    }
}
