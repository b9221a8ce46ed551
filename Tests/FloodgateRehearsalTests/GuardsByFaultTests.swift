import FloodgateCore
import NIOCore
import Testing

@testable import FloodgateRehearsal

@Suite("The guards-by-fault section: each fault's span, the guards' response, and the shoppers affected during it")
struct GuardsByFaultTests {
    /// The guards drill's gateway: 2% declined in 50 ms.
    static let baseline = SaleDefinition.Payment(failureRate: 0.02, latencyMs: 50)

    /// Faults as done, each starting `late` seconds after its planned time.
    static func records(_ faults: [(Double, FaultSpec.Kind)], late: Double = 0.02, notDone: Set<Int> = []) -> [FaultRecord] {
        faults.enumerated().map { index, fault in
            FaultRecord(spec: FaultSpec(atSeconds: fault.0, kind: fault.1), startedAtSeconds: fault.0 + late,
                        result: notDone.contains(index) ? .skipped("refused") : .done("ok"))
        }
    }

    static func event(_ at: Double, _ guardName: String, _ action: String, _ effect: String = "nothing to change") -> GuardEvent {
        GuardEvent(atSeconds: at, actor: "guard:" + guardName, action: action, detail: "figure 0.5; " + effect, result: "ok")
    }

    static func span(_ start: Double, _ end: Double) -> FaultSpan {
        FaultSpan(label: "f", startedAtSeconds: start, endedAtSeconds: end)
    }

    @Test("the guards drill's faults: payment faults last to the next, restorations have no row, starvation and Redis stalls their own length")
    func drillSpans() throws {
        let profile = try RehearsalProfile.load(path: ProfileTests.directory + "/guards.json")
        let records = profile.faults.map { FaultRecord(spec: $0, startedAtSeconds: $0.atSeconds + 0.02, result: .done("ok")) }
        let spans = FaultSpan.spans(records.reversed(), baseline: profile.sale.payment, runEnd: 62)
        #expect(spans.map(\.label) == ["payment 80% declined", "daemon 1 starved 6 s", "payment 2000 ms", "Redis paused 2 × 1500 ms"])
        let bounds = spans.map { [$0.startedAtSeconds, $0.endedAtSeconds].map { ($0 * 100).rounded() / 100 } }
        #expect(bounds == [[8.02, 28.02], [29.02, 35.02], [36.02, 46.02], [50.02, 53.52]])
    }

    @Test("a payment fault that leaves a field out keeps it; one never restored, and a length past the run, end with the run; faults not done are left out")
    func otherSpans() {
        let records = Self.records([
            (5, .payment(failureRate: 0.8, latencyMs: nil)),
            (10, .admin(action: "pause", admitPerSecond: nil, open: nil)),
            (12, .payment(failureRate: nil, latencyMs: 2_000)),
            (15, .admin(action: "resume", admitPerSecond: nil, open: nil)),
            (20, .killDaemon(daemon: 0, restartAfterSeconds: 3)),
            (25, .corruptStock(sku: "A", delta: 5)),
            (30, .starveDaemon(daemon: 1, seconds: 60, stoppedMs: 300, everyMs: 1_000)),
            (35, .payment(failureRate: 0.02, latencyMs: 50)),
        ], late: 0, notDone: [7])
        let spans = FaultSpan.spans(records, baseline: Self.baseline, runEnd: 40)
        #expect(spans.map(\.label) == ["payment 80% declined", "admin pause", "payment 80% declined, 2000 ms", "daemon 0 killed", "stock A +5", "daemon 1 starved 60 s"])
        #expect(spans.map(\.startedAtSeconds) == [5, 10, 12, 20, 25, 30])
        #expect(spans.map(\.endedAtSeconds) == [12, 15, 40, 23, 40, 40])
    }

    @Test("acted: the first fire from the fault's second; recovered: the last recover of the guards that fired, after the fault's end")
    func response() throws {
        let events = [
            Self.event(5, "checkout_latency", "fire", "admit_per_second 20 -> 10"), Self.event(7, "checkout_latency", "recover"),
            Self.event(8, "payment_success", "fire", "pause the sale"), Self.event(10, "checkout_latency", "fire", "admit_per_second 20 -> 10"),
            Self.event(20, "checkout_latency", "recover"), Self.event(30, "payment_success", "step", "resume the sale"),
            Self.event(36, "payment_success", "recover", "resume the sale"),
        ]
        let response = try #require(GuardResponse(events, span: Self.span(8.3, 28.2)))
        #expect(response.actor == "guard:payment_success" && response.effect == "pause the sale")
        #expect(response.actedAfterSeconds == 0)
        #expect(abs(response.recoveredAfterSeconds! - 7.8) < 1e-9)
        let later = try #require(GuardResponse(events, span: Self.span(9.5, 15)))
        #expect(later.actor == "guard:checkout_latency" && abs(later.actedAfterSeconds - 0.5) < 1e-9)
        #expect(later.recoveredAfterSeconds == 5)
    }

    @Test("no fire within the fault or the grace after it: no response; a guard that fired and never recovered: recovered is nil")
    func noResponse() throws {
        let events = [Self.event(3, "overload", "fire"), Self.event(4, "overload", "recover"), Self.event(19, "server_errors", "fire", "would pause the sale")]
        #expect(GuardResponse(events, span: Self.span(5, 15)) == nil)
        let unrecovered = try #require(GuardResponse(events, span: Self.span(10, 16)))
        #expect(unrecovered.effect == "would pause the sale" && unrecovered.recoveredAfterSeconds == nil)
    }

    /// An answer recorded `milliseconds` after it was asked for, `at` seconds from the start.
    static func answer(_ recorder: inout LoadRecorder, _ kind: CallKind, _ status: Int, at seconds: Double, milliseconds: Int = 10, body: String = "") {
        let now = recorder.start + .milliseconds(Int64(seconds * 1_000))
        let response = LoadResponse(status: status, body: ByteBuffer(string: body), sentAt: now, daemon: 0)
        recorder.record(kind, .answered(response), issuedAt: now - .milliseconds(Int64(milliseconds)), now: now)
    }

    @Test("the figures add up the seconds the span overlaps, and only those")
    func figures() throws {
        var recorder = LoadRecorder(start: .now())
        for second in 0..<40 {
            let at = Double(second) + 0.5
            for _ in 0..<98 { Self.answer(&recorder, .commit, 200, at: at) }
            for _ in 0..<2 { Self.answer(&recorder, .commit, 200, at: at, milliseconds: (8...12).contains(second) ? 900 : 10) }
            for _ in 0..<second { Self.answer(&recorder, .commit, 402, at: at) }
            Self.answer(&recorder, .reserve, 503, at: at)
            if second % 2 == 1 { recorder.recordCartGivenUp(at: recorder.start + .milliseconds(Int64(at * 1_000))) }
        }
        let timeline = recorder.timeline
        let impact = FaultImpact(span: FaultSpan(label: "payment 80% declined", startedAtSeconds: 8.3, endedAtSeconds: 11.2), timeline: timeline, guards: [])
        #expect(impact.paymentDeclined == 8 + 9 + 10 + 11)
        #expect(impact.serverErrors == 4)
        #expect(impact.cartsGivenUp == 2)
        let p99 = try #require(impact.commitP99Ms)
        #expect(abs(p99 - 900) < 10, "\(p99)")
        #expect(impact.guardResponse == nil)
        let quiet = FaultImpact(span: FaultSpan(label: "x", startedAtSeconds: 20, endedAtSeconds: 20), timeline: timeline, guards: [])
        let quietP99 = try #require(quiet.commitP99Ms)
        #expect(quiet.paymentDeclined == 20 && abs(quietP99 - 10) < 0.5, "\(quietP99)")
        let empty = FaultImpact(span: FaultSpan(label: "x", startedAtSeconds: 50, endedAtSeconds: 55), timeline: timeline, guards: [])
        #expect(empty.paymentDeclined == 0 && empty.commitP99Ms == nil)
    }

    @Test("the recorder counts 402 answers, commit latencies and carts given up in their second")
    func recorder() {
        var recorder = LoadRecorder(start: .now())
        Self.answer(&recorder, .commit, 402, at: 2.5, milliseconds: 50)
        Self.answer(&recorder, .reserve, 201, at: 2.6)
        recorder.recordCartGivenUp(at: recorder.start + .milliseconds(3_100))
        #expect(recorder.timeline.count == 4)
        #expect(recorder.timeline[2].paymentDeclined == 1)
        let commits = ReportBuilder.figures(recorder.timeline[2].commitLatency)
        #expect(commits.count == 1 && abs(commits.max - 50) < 1)
        #expect(ReportBuilder.figures(recorder.timeline[2].latency).count == 2)
        #expect(recorder.timeline.map(\.cartsGivenUp) == [0, 0, 0, 1])
    }

    @Test("a 503 the daemon chose (paused, overloaded) is counted apart from the 5xx errors")
    func deliberate503s() {
        var recorder = LoadRecorder(start: .now())
        Self.answer(&recorder, .commit, 503, at: 0.5, body: #"{"error":{"code":"paused","message":"The sale is paused."}}"#)
        Self.answer(&recorder, .register, 503, at: 0.6, body: #"{"error":{"code":"overloaded","message":"Busy."}}"#)
        Self.answer(&recorder, .reserve, 503, at: 0.7, body: #"{"error":{"code":"unavailable","message":"Redis is not answering."}}"#)
        Self.answer(&recorder, .reserve, 500, at: 0.8)
        #expect(recorder.timeline[0].pausedOrShed == 2 && recorder.timeline[0].serverErrors == 2)
    }

    @Test("the table's rows and the comparison's, side by side")
    func text() {
        let paused = FaultImpact(span: FaultSpan(label: "payment 80% declined", startedAtSeconds: 8.02, endedAtSeconds: 28.02), timeline: [],
                                 guards: [Self.event(9, "payment_success", "fire", "pause the sale"), Self.event(36, "payment_success", "recover")])
        var observed = paused
        observed.guardResponse = nil
        observed.paymentDeclined = 310
        observed.cartsGivenUp = 25
        observed.commitP99Ms = 170
        var enforced = paused
        enforced.paymentDeclined = 12
        enforced.pausedOrShed = 140
        enforced.commitP99Ms = 180
        let table = RehearsalReport.guardsByFaultLines([enforced, observed])
        #expect(table.count == 4)
        #expect(table[2].contains(#/payment 80% declined\s+8\.0-28\.0 s\s+payment_success\s+\+1 s\s+pause the sale\s+\+8 s\s+12\s+0\s+140\s+180 ms\s+0$/#), "\(table[2])")
        #expect(table[3].contains(#/8\.0-28\.0 s\s+—\s+—\s+—\s+—\s+310\s+0\s+0\s+170 ms\s+25$/#), "\(table[3])")
        var unrecovered = enforced
        unrecovered.guardResponse?.recoveredAfterSeconds = nil
        #expect(RehearsalReport.guardsByFaultLines([unrecovered])[2].contains(#/pause the sale\s+not by end\s+12/#))
        let compared = RehearsalReport.comparedByFaultLines([enforced], [observed], profiles: ("guards.json", "guards-observe.json"))
        #expect(compared.count == 3 && compared[0].contains("(guards.json | guards-observe.json)"))
        #expect(compared[2].contains(#/payment 80% declined\s+12 \| 310\s+0 \| 0\s+140 \| 0\s+180 ms \| 170 ms\s+0 \| 25$/#), "\(compared[2])")
        var other = observed
        other.fault = "daemon 1 starved 6 s"
        #expect(RehearsalReport.comparedByFaultLines([enforced], [other], profiles: ("a", "b"))[2].contains("12 | —"))
    }
}
