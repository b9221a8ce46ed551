import FloodgateCore
import Foundation
import NIOHTTP1

/// One thing a guard did during the run, from the sale's audit trail (actor `guard:<name>`):
/// when, in seconds from the start (whole seconds, as the audit records them), what (`fire`,
/// `step`, `recover`; `raise`, `lower` for the adaptive controller), the figure and effect, and
/// the result (`ok`, `dry_run` in observe mode, or a refusal's code).
public struct GuardEvent: Sendable, Encodable, Hashable {
    public var atSeconds: Double
    public var actor: String
    public var action: String
    public var detail: String
    public var result: String

    /// The guards' entries of the sale's audit, oldest first, timed from `startedAt` (the run's
    /// tick 0 on the wall clock, which the faults are timed from too).
    /// - Throws: ``RehearsalSetupError`` when no daemon answers or the answer is not an audit trail.
    static func read(admin: AdminClient, saleID: String, startedAt: Date) async throws -> [GuardEvent] {
        let answer = try await admin.call(.GET, "/admin/sales/\(saleID)/audit")
        guard answer.status == 200, case .object(let body)? = try? JSONParser.parse(Array(answer.body.utf8)),
            case .array(let entries)? = body["entries"]
        else { throw RehearsalSetupError("reading the audit: \(answer.status) \(answer.body.prefix(200))") }
        return entries.compactMap { entry -> GuardEvent? in
            guard case .object(let fields) = entry, case .string(let actor)? = fields["actor"], actor.hasPrefix("guard:"),
                case .string(let at)? = fields["at"], let time = RFC3339.parse(at)
            else { return nil }
            func text(_ name: String) -> String { if case .string(let value)? = fields[name] { value } else { "" } }
            return GuardEvent(atSeconds: time.timeIntervalSince(startedAt).rounded(), actor: actor, action: text("action"),
                              detail: text("detail"), result: text("result"))
        }.reversed()
    }
}
