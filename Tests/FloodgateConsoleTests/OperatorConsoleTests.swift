import FloodgateConsole
import FloodgateCore
import Foundation
import Testing

@Suite("Operators in the console: who is signed in, and switches beyond the role greyed")
struct OperatorConsoleTests {
    let now = TelemetryFixture.now

    @Test("an observer: the status line names them; every switch is greyed and refused with the role it needs")
    func observer() throws {
        var model = TelemetryFixture.model()
        _ = model.apply(.signedIn(OperatorSignIn(name: "olga", role: .observer)), now: now)
        let grid = TelemetryFixture.render(model, width: 120, height: 40)
        #expect(grid.rowText(38).contains("olga (observer) · theme default · http://127.0.0.1:8080"))
        let keys = grid.rowText(39)
        let column = try #require(keys.range(of: " p Pause").map { keys.distance(from: keys.startIndex, to: $0.lowerBound) })
        #expect(grid[column + 1, 39].role == .dim)
        #expect(model.handle(.character("p"), now: now).isEmpty)
        #expect(model.status?.text == "p needs the operator role; olga is an observer")
        #expect(model.mode == .normal)
    }

    @Test("an operator pauses but cannot roll back")
    func operatorRole() {
        var model = TelemetryFixture.model()
        _ = model.apply(.signedIn(OperatorSignIn(name: "oscar", role: .operator)), now: now)
        _ = model.handle(.character("p"), now: now)
        guard case .confirm = model.mode else { Issue.record("no pause modal"); return }
        _ = model.handle(.escape, now: now)
        #expect(model.handle(.character("R"), now: now).isEmpty)
        #expect(model.status?.text == "R needs the admin role; oscar is an operator")
    }
}
