import Foundation
@testable import FloodgateServer
import Testing

@Suite("Traffic figures the guards read")
struct TrafficStatsTests {
    @Test("the priority gate's deliberate 503s are shed requests, not server errors; real 5xx still count")
    func shedIsNotAServerError() throws {
        // The figures are per wall-clock second: redo the second if it turned while recording.
        for _ in 0..<5 {
            let stats = TrafficStats()
            let epoch = Int64(Date().timeIntervalSince1970)
            for _ in 0..<4 {
                stats.recordShed(className: "register")
                stats.recordRequest(route: "POST /queue/register", status: 503, microseconds: 10)
            }
            stats.recordRequest(route: "POST /checkout/reserve", status: 500, microseconds: 10)
            stats.recordRequest(route: "POST /checkout/reserve", status: 502, microseconds: 10)
            stats.recordRequest(route: "GET /queue/status", status: 200, microseconds: 10)
            guard Int64(Date().timeIntervalSince1970) == epoch else { continue }
            let figures = try #require(stats.guardFigures(second: epoch))
            #expect(figures.requests == 7)
            #expect(figures.serverErrors == 2)
            #expect(figures.shed == ["register": 4])
            return
        }
        Issue.record("the second turned during every attempt")
    }
}
