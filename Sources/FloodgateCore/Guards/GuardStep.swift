/// What a guard does to a sale's switches.
public enum GuardEffect: Sendable, Hashable {
    case none
    /// Set the admission rate (a throttle down, or a recovery step up).
    case setRate(from: Double, to: Double)
    case pause
    case resume
    case haltRegistration
    case reopenRegistration

    /// The effect in words, for the audit and the alert.
    public var text: String {
        switch self {
        case .none: "nothing to change"
        case .setRate(let from, let to): "admit_per_second \(from.plainText) -> \(to.plainText)"
        case .pause: "pause the sale"
        case .resume: "resume the sale"
        case .haltRegistration: "halt registration"
        case .reopenRegistration: "reopen registration"
        }
    }
}

/// One transition of a guard: it fired, acted again (throttle step or recovery step), or recovered.
public struct GuardStep: Sendable, Hashable {
    public enum Event: String, Sendable, Hashable {
        /// The condition began: the guard fires and acts.
        case fire
        /// It throttled further while the condition lasted, or stepped the rate back up once it cleared.
        case step
        /// The condition is over and everything the guard may undo is undone.
        case recover
    }

    public var event: Event
    public var effect: GuardEffect
    /// The guard's track afterwards.
    public var track: GuardTrack

    /// The next step of guard `kind`, or nil when nothing changes (the track may still change:
    /// see ``GuardStep/quietTrack(_:reading:nowMs:)``).
    /// - Parameters:
    ///   - controls: the sale's switches now; in a dry run the rate the guard would have set stands in.
    public static func next(kind: GuardKind, settings: GuardSettings, track: GuardTrack, reading: GuardReading,
                            controls: SaleControls, nowMs: Int64) -> GuardStep? {
        var track = track
        let holdDownMs = Int64(settings.holdDownSeconds) * 1_000
        if reading.tripped {
            track.clearSinceMs = nil
            guard track.firing else { return fire(settings: settings, track: track, controls: controls, nowMs: nowMs) }
            guard settings.action == .throttle, nowMs - track.lastStepMs >= max(holdDownMs, 1_000),
                controls.rate == track.rateSet, controls.rate > controls.floor
            else { return nil }
            let lower = max(controls.floor, controls.rate * settings.factor)
            track.rateSet = lower
            track.lastStepMs = nowMs
            return GuardStep(event: .step, effect: .setRate(from: controls.rate, to: lower), track: track)
        }
        guard track.firing else { return nil }
        let clearSince = track.clearSinceMs ?? nowMs
        track.clearSinceMs = clearSince
        guard nowMs - clearSince >= holdDownMs, nowMs - track.lastStepMs >= holdDownMs else { return nil }
        return recover(kind: kind, settings: settings, track: track, controls: controls, nowMs: nowMs)
    }

    /// The track to store when ``next(kind:settings:track:reading:controls:nowMs:)`` found no
    /// step: a firing guard whose condition cleared remembers since when.
    public static func quietTrack(_ track: GuardTrack, reading: GuardReading, nowMs: Int64) -> GuardTrack {
        var track = track
        if track.firing { track.clearSinceMs = reading.tripped ? nil : (track.clearSinceMs ?? nowMs) }
        return track
    }

    private static func fire(settings: GuardSettings, track: GuardTrack, controls: SaleControls, nowMs: Int64) -> GuardStep {
        var track = track
        track.firing = true
        track.sinceMs = nowMs
        track.lastStepMs = nowMs
        track.dryRun = settings.mode == .observe
        var effect = GuardEffect.none
        switch settings.action {
        case .throttle:
            let lower = max(controls.floor, controls.rate * settings.factor)
            track.rateBefore = controls.rate
            track.rateSet = lower
            if lower < controls.rate { effect = .setRate(from: controls.rate, to: lower) }
        case .pause:
            if !controls.paused { effect = .pause }
        case .haltRegistration:
            track.registrationWasOpen = controls.registrationOpen
            if controls.registrationOpen { effect = .haltRegistration }
        case .alert:
            break
        }
        return GuardStep(event: .fire, effect: effect, track: track)
    }

    private static func recover(kind: GuardKind, settings: GuardSettings, track: GuardTrack, controls: SaleControls, nowMs: Int64) -> GuardStep? {
        var track = track
        var effect = GuardEffect.none
        switch settings.action {
        case .throttle:
            if let before = track.rateBefore, let set = track.rateSet, controls.rate == set {
                let target = min(controls.ceiling, before)
                let next = min(target, controls.rate / settings.factor)
                if next > controls.rate { effect = .setRate(from: controls.rate, to: next) }
                if next < target {
                    track.rateSet = next
                    track.lastStepMs = nowMs
                    return GuardStep(event: .step, effect: effect, track: track)
                }
            }
        case .pause:
            let pausedByMe = controls.paused && controls.pausedBy == kind.actor
            if pausedByMe {
                guard settings.autoResume, !kind.isDataCause else { return nil }
                effect = .resume
            }
        case .haltRegistration:
            if track.registrationWasOpen == true && !controls.registrationOpen { effect = .reopenRegistration }
        case .alert:
            break
        }
        return GuardStep(event: .recover, effect: effect, track: GuardTrack())
    }
}
