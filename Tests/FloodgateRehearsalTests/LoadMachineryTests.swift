import NIOCore
import Testing

@testable import FloodgateRehearsal

@Suite("The load generator's small parts: timers and JSON fields")
struct LoadMachineryTests {
    final class Sleeper: Agent {
        let name: String
        let isPastQueue = false
        init(_ name: String) { self.name = name }
        func wake(_ simulation: Simulation) {}
    }

    @Test("timers come back in order, not before they are due, even past one turn of the wheel")
    func timerWheel() {
        let origin = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var wheel = TimerWheel(origin: origin, tick: .milliseconds(10), slotCount: 8)
        let early = Sleeper("early"), late = Sleeper("late"), far = Sleeper("far")
        wheel.schedule(late, at: origin + .milliseconds(50))
        wheel.schedule(early, at: origin + .milliseconds(15))
        wheel.schedule(far, at: origin + .milliseconds(500))
        #expect(wheel.count == 3)
        #expect(wheel.advance(to: origin + .milliseconds(10)).isEmpty)
        #expect(wheel.advance(to: origin + .milliseconds(60)).map { ($0 as! Sleeper).name } == ["early", "late"])
        #expect(wheel.advance(to: origin + .milliseconds(490)).isEmpty)
        #expect(wheel.advance(to: origin + .milliseconds(500)).map { ($0 as! Sleeper).name } == ["far"])
        #expect(wheel.count == 0)
    }

    @Test("a timer already due fires at the next tick")
    func pastDue() {
        let origin = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var wheel = TimerWheel(origin: origin)
        _ = wheel.advance(to: origin + .milliseconds(100))
        wheel.schedule(Sleeper("now"), at: origin)
        #expect(wheel.advance(to: origin + .milliseconds(110)).count == 1)
        wheel.schedule(Sleeper("later"), at: origin + .seconds(60))
        #expect(wheel.removeAll().count == 1 && wheel.count == 0)
    }

    @Test("fields of the daemon's answers")
    func fields() {
        let status = JSONFields(#"{"state":"waiting","position":17,"ahead":3,"admitted_through":13,"eta_seconds":null,"poll_after_ms":1000}"#)
        #expect(status.string("state") == "waiting")
        #expect(status.integer("position") == 17)
        #expect(status.integer("admitted_through") == 13)
        #expect(status.integer("eta_seconds") == nil)
        #expect(status.string("missing") == nil)
        let error = JSONFields(#"{"error": {"code": "sold_out", "message": "say \"code\": no"}}"#)
        #expect(error.errorCode == "sold_out")
        #expect(error.string("message") == #"say "code": no"#)
    }
}
