import FloodgateCore
import FloodgateEngine
import Foundation
import Logging

/// Evaluates a sale's guards once from shared figures and acts on what changed.
///
/// How several daemons agree: each guard's track (firing or not, what it changed) lives in
/// Redis, and a daemon acts on a transition only after moving the track with `guard_track.lua`
/// from the value it read; a daemon that read an older track writes nothing and does nothing.
/// So a firing is acted on, audited and alerted once, whichever daemons evaluate. The guard
/// lease (``GuardService``) keeps that to one daemon per sale in the ordinary case; the track
/// keeps it once also when a rollback's immediate conservation check races the leaseholder.
struct GuardEvaluator: Sendable {
    let engine: SaleEngine
    let metrics: GuardMetrics
    let logger: Logger

    /// Everything one evaluation reads.
    struct Inputs: Sendable {
        let status: SaleStatus
        let definition: SaleDefinition
        let plan: GuardPlan
        let vitals: SaleVitals
    }

    /// Evaluates `kinds` (every guard by default) and acts; returns the readings by guard.
    @discardableResult
    func evaluate(_ inputs: Inputs, kinds: [GuardKind] = GuardKind.allCases, nowMs: Int64) async throws -> [GuardKind: GuardReading] {
        let saleID = inputs.status.id
        let tracks = try await engine.guardTracks(saleID: saleID)
        let alerts = try await engine.alerts(saleID: saleID)
        var readings: [GuardKind: GuardReading] = [:]
        for kind in kinds {
            let settings = inputs.plan.guards[kind]
            let stored = tracks[kind] ?? (raw: "", track: GuardTrack())
            guard settings.enabled else {
                if stored.track.firing { try await quiet(saleID, kind, stored, alert: alerts.first { $0.id == stored.track.alertID }, nowMs: nowMs) }
                continue
            }
            let reading = inputs.vitals.reading(kind, settings)
            readings[kind] = reading
            metrics.reading(saleID: saleID, kind: kind, firing: reading.tripped)
            let controls = saleControls(inputs, track: stored.track)
            guard let step = GuardStep.next(kind: kind, settings: settings, track: stored.track, reading: reading, controls: controls, nowMs: nowMs) else {
                let quiet = GuardStep.quietTrack(stored.track, reading: reading, nowMs: nowMs)
                if quiet != stored.track { _ = try await engine.moveGuardTrack(saleID: saleID, kind: kind, from: stored.raw, to: quiet, alert: nil) }
                continue
            }
            let alert = alertFor(step, kind: kind, settings: settings, reading: reading, previous: alerts.first { $0.id == stored.track.alertID }, nowMs: nowMs)
            var next = step.track
            if step.event == .fire { next.alertID = alert?.id }
            let track: GuardTrack? = step.event == .recover ? nil : next
            guard try await engine.moveGuardTrack(saleID: saleID, kind: kind, from: stored.raw, to: track, alert: alert) else { continue }
            try await act(step, kind: kind, settings: settings, reading: reading, saleID: saleID)
            if step.event == .recover, step.effect == .none, settings.action == .throttle, !stored.track.dryRun {
                try await handOver(saleID, track: stored.track, from: kind)
            }
        }
        return readings
    }

    /// The sale's switches as the guard sees them: in a dry run, the rate it would have set stands in.
    private func saleControls(_ inputs: Inputs, track: GuardTrack) -> SaleControls {
        let status = inputs.status
        let rate = track.firing && track.dryRun ? (track.rateSet ?? status.admitPerSecond) : status.admitPerSecond
        return SaleControls(rate: rate, registrationOpen: status.registrationOpen, paused: status.state == .paused, pausedBy: status.pausedBy,
                            floor: inputs.plan.admission.minPerSecond, ceiling: inputs.plan.admission.maxPerSecond ?? .infinity)
    }

    /// The alert to write with a step: a new one when the guard fires, the same one cleared when it recovers.
    private func alertFor(_ step: GuardStep, kind: GuardKind, settings: GuardSettings, reading: GuardReading, previous: GuardAlert?,
                          nowMs: Int64) -> GuardAlert? {
        let at = RFC3339.format(Date(timeIntervalSince1970: Double(nowMs) / 1000))
        switch step.event {
        case .fire:
            return GuardAlert(id: "\(nowMs)-\(kind.rawValue)", severity: settings.severity, guardName: kind.rawValue, figure: reading.figure,
                              action: step.effect.text, since: at, dryRun: settings.mode == .observe)
        case .step:
            return nil
        case .recover:
            guard var alert = previous else { return nil }
            alert.clearedAt = at
            return alert
        }
    }

    /// A throttle guard that recovers while another guard throttled on top of it (the rate is
    /// not the one it set) hands that guard the rate to step back to, so the last throttle to
    /// recover brings admission back where it was before the first.
    private func handOver(_ saleID: String, track: GuardTrack, from kind: GuardKind) async throws {
        guard let before = track.rateBefore, let set = track.rateSet else { return }
        for (other, stored) in try await engine.guardTracks(saleID: saleID)
        where other != kind && stored.track.firing && !stored.track.dryRun && stored.track.rateBefore == set {
            var next = stored.track
            next.rateBefore = before
            _ = try await engine.moveGuardTrack(saleID: saleID, kind: other, from: stored.raw, to: next, alert: nil)
            return
        }
    }

    /// A guard turned off while firing: its track goes and its alert is cleared, nothing undone.
    private func quiet(_ saleID: String, _ kind: GuardKind, _ stored: (raw: String, track: GuardTrack), alert: GuardAlert?, nowMs: Int64) async throws {
        var cleared = alert
        cleared?.clearedAt = RFC3339.format(Date(timeIntervalSince1970: Double(nowMs) / 1000))
        _ = try await engine.moveGuardTrack(saleID: saleID, kind: kind, from: stored.raw, to: nil, alert: cleared)
    }
}
