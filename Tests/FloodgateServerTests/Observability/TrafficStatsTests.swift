import Foundation
@testable import FloodgateServer
import Testing

@Suite("Traffic figures the guards read")
struct TrafficStatsTests {
    @Test("deliberate 503s (with Retry-After: shed by the priority gate, a paused sale) are not server errors; real 5xx still count")
    func shedIsNotAServerError() throws {
        // The figures are per wall-clock second: redo the second if it turned while recording.
        for _ in 0..<5 {
            let stats = TrafficStats()
            let epoch = Int64(Date().timeIntervalSince1970)
            for _ in 0..<4 {
                stats.recordShed(className: "register")
                stats.recordRequest(route: "POST /queue/register", status: 503, deliberate: true, microseconds: 10)
            }
            stats.recordRequest(route: "POST /checkout/commit", status: 503, deliberate: true, microseconds: 10)
            stats.recordRequest(route: "POST /checkout/commit", status: 503, deliberate: false, microseconds: 10)
            stats.recordRequest(route: "POST /checkout/reserve", status: 500, deliberate: false, microseconds: 10)
            stats.recordRequest(route: "POST /checkout/reserve", status: 502, deliberate: false, microseconds: 10)
            stats.recordRequest(route: "GET /queue/status", status: 200, deliberate: false, microseconds: 10)
            guard Int64(Date().timeIntervalSince1970) == epoch else { continue }
            let figures = try #require(stats.guardFigures(second: epoch))
            #expect(figures.requests == 9)
            #expect(figures.serverErrors == 3)
            #expect(figures.shed == ["register": 4])
            return
        }
        Issue.record("the second turned during every attempt")
    }
}
