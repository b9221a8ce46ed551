import FloodgateCore
import Testing

@Suite("Guard steps: hysteresis, floor and ceiling, a human for data causes")
struct GuardStepTests {
    static let tripped = GuardReading(tripped: true, figure: "bad")
    static let clear = GuardReading(tripped: false, figure: "good")

    static func controls(rate: Double, paused: Bool = false, pausedBy: String? = nil) -> SaleControls {
        SaleControls(rate: rate, registrationOpen: true, paused: paused, pausedBy: pausedBy, floor: 10, ceiling: 100)
    }

    @Test("a throttle halves the rate, again each hold-down while the condition lasts, never below the floor; recovers by steps after the hold-down, never above the ceiling")
    func throttleDownAndBack() throws {
        var settings = GuardSettings.defaults(for: .paymentSuccess)
        settings.action = .throttle
        settings.holdDownSeconds = 5
        let fire = try #require(GuardStep.next(kind: .paymentSuccess, settings: settings, track: GuardTrack(), reading: Self.tripped,
                                               controls: Self.controls(rate: 160), nowMs: 0))
        #expect(fire.event == .fire && fire.effect == .setRate(from: 160, to: 80))
        #expect(GuardStep.next(kind: .paymentSuccess, settings: settings, track: fire.track, reading: Self.tripped, controls: Self.controls(rate: 80), nowMs: 4_000) == nil)
        let more = try #require(GuardStep.next(kind: .paymentSuccess, settings: settings, track: fire.track, reading: Self.tripped,
                                               controls: Self.controls(rate: 80), nowMs: 5_000))
        #expect(more.effect == .setRate(from: 80, to: 40))
        var track = more.track
        var rate = 40.0
        for second in stride(from: Int64(10_000), through: 20_000, by: 5_000) {
            if let step = GuardStep.next(kind: .paymentSuccess, settings: settings, track: track, reading: Self.tripped, controls: Self.controls(rate: rate), nowMs: second),
                case .setRate(_, let to) = step.effect {
                track = step.track
                rate = to
            }
        }
        #expect(rate == 10)
        let quiet = GuardStep.quietTrack(track, reading: Self.clear, nowMs: 21_000)
        #expect(GuardStep.next(kind: .paymentSuccess, settings: settings, track: quiet, reading: Self.clear, controls: Self.controls(rate: 10), nowMs: 25_000) == nil)
        let up = try #require(GuardStep.next(kind: .paymentSuccess, settings: settings, track: quiet, reading: Self.clear, controls: Self.controls(rate: 10), nowMs: 26_000))
        #expect(up.event == .step && up.effect == .setRate(from: 10, to: 20))
        var steps = up
        rate = 20
        while steps.event != .recover {
            steps = try #require(GuardStep.next(kind: .paymentSuccess, settings: settings, track: steps.track, reading: Self.clear,
                                                controls: Self.controls(rate: rate), nowMs: steps.track.lastStepMs + 5_000))
            if case .setRate(_, let to) = steps.effect { rate = to }
        }
        #expect(rate == 100)
    }

    @Test("a conservation pause waits for a person even when the stock is conserved again; a transient pause resumes only when allowed")
    func pausesAndHumans() throws {
        let conservation = GuardSettings.defaults(for: .conservation)
        let fire = try #require(GuardStep.next(kind: .conservation, settings: conservation, track: GuardTrack(), reading: Self.tripped,
                                               controls: Self.controls(rate: 50), nowMs: 0))
        #expect(fire.effect == .pause)
        let pausedByGuard = Self.controls(rate: 50, paused: true, pausedBy: "guard:conservation")
        #expect(GuardStep.next(kind: .conservation, settings: conservation, track: fire.track, reading: Self.clear, controls: pausedByGuard, nowMs: 60_000) == nil)
        let resumedByPerson = try #require(GuardStep.next(kind: .conservation, settings: conservation, track: fire.track, reading: Self.clear,
                                                          controls: Self.controls(rate: 50), nowMs: 60_000))
        #expect(resumedByPerson.event == .recover && resumedByPerson.effect == .none)

        var redis = GuardSettings.defaults(for: .redisLatency)
        redis.action = .pause
        let stalled = try #require(GuardStep.next(kind: .redisLatency, settings: redis, track: GuardTrack(), reading: Self.tripped,
                                                  controls: Self.controls(rate: 50), nowMs: 0))
        let pausedByRedis = Self.controls(rate: 50, paused: true, pausedBy: "guard:redis_latency")
        let cleared = GuardStep.quietTrack(stalled.track, reading: Self.clear, nowMs: 1_000)
        #expect(GuardStep.next(kind: .redisLatency, settings: redis, track: cleared, reading: Self.clear, controls: pausedByRedis, nowMs: 10_000) == nil)
        redis.autoResume = true
        #expect(GuardStep.next(kind: .redisLatency, settings: redis, track: cleared, reading: Self.clear, controls: pausedByRedis, nowMs: 10_000)?.effect == .resume)
    }

    @Test("AIMD: multiplicative decrease to the floor and no lower, additive increase when idle up to the ceiling and no higher")
    func adaptiveBounds() {
        let controller = AdaptiveAdmission(floor: 2, ceiling: 20, targetP99Ms: 250)
        var rate = 20.0
        for _ in 0..<20 { rate = controller.next(rate: rate, checkoutP99Ms: 900, paymentsFailing: false, stockLeft: true).rate }
        #expect(rate == 2)
        for _ in 0..<20 { rate = controller.next(rate: rate, checkoutP99Ms: nil, paymentsFailing: false, stockLeft: true).rate }
        #expect(rate == 20)
        #expect(abs(controller.next(rate: 20, checkoutP99Ms: 100, paymentsFailing: true, stockLeft: true).rate - 14) < 1e-9)
    }

    @Test("settings: every problem listed, conservation never resumes by itself")
    func settingsProblems() throws {
        #expect(throws: SaleDefinitionError.self) {
            _ = try GuardPlan().applying(.object(["guards": .object(["conservation": .object(["auto_resume": .bool(true)])])]))
        }
        let plan = try GuardPlan().applying(.object(["guards": .object(["expiry_rate": .object(["threshold": .number(0.8)])])]))
        #expect(plan.guards[.expiryRate].threshold == 0.8 && plan.guards[.expiryRate].window == 30)
    }
}
