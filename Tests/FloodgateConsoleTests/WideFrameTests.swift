import FloodgateConsole
import FloodgateCore
import Foundation
import Testing

@Suite("Frames at 80x24, 120x40 and 200x60: the panels use the space")
struct WideFrameTests {
    /// A sale with 30 SKUs, 12 routes and 40 events.
    static func busy() -> ConsoleModel {
        var model = TelemetryFixture.model { snapshot in
            snapshot.skus = (1...30).map { index in
                TelemetryFixture.decode(#"{"sku":"SKU-\#(index)","initial":100,"added":0,"available":\#(100 - index * 3),"reserved":1,"sold":\#(index * 3 - 1),"sold_per_second":\#(Double(index) / 10)}"#)
            }
            snapshot.http.routes = (1...12).map { index in
                TelemetryFixture.decode(#"{"route":"GET /route/\#(index)","requests_per_second":10,"p50_ms":\#(index),"p99_ms":\#(index * 10),"error_rate":0}"#)
            }
        }
        for index in 1...40 {
            _ = model.apply(.actionFinished(.throttle(index), saleID: "drop-1", .failed("409 event \(index)"), at: TelemetryFixture.now), now: TelemetryFixture.now)
        }
        return model
    }

    static func count(_ pattern: String, in text: String) -> Int {
        text.components(separatedBy: pattern).count - 1
    }

    @Test("more SKUs, routes and events show as the screen grows; at 200x60 every route and no empty health box")
    func growth() {
        let texts = [(80, 24), (120, 40), (200, 60)].map { TelemetryFixture.render(Self.busy(), width: $0.0, height: $0.1).text }
        let skus = texts.map { Self.count("│SKU-", in: $0) }
        let routes = texts.map { Self.count("GET /route/", in: $0) + Self.count("GET …/", in: $0) }
        let events = texts.map { Self.count("FAILED  throttle", in: $0) }
        #expect(skus[0] < skus[1] && skus[1] < skus[2], "\(skus)")
        #expect(routes[0] < routes[1] && routes[2] == 12, "\(routes)")
        #expect(events[0] < events[1] && events[1] < events[2], "\(events)")
        let wide = TelemetryFixture.render(Self.busy(), width: 200, height: 60)
        #expect(wide.text.contains("│SKU-30 "), "the soonest to sell out first")
        #expect(!wide.text.contains("↓") || !wide.text.components(separatedBy: "\n").contains { $0.contains("Health") && $0.contains("more") })
    }

    @Test("200x60 with a quiet sale: the health panel takes the rows its routes need and the event log the rest")
    func healthFitsRoutes() throws {
        let model = TelemetryFixture.model()
        let layout = try #require(FrameRenderer().layout(model, width: 200, height: 60))
        #expect(layout.panels[.health]?.height == 3 + 1 + 3 + 2, "http, redis, payments, the route header, three routes, the border")
        #expect(layout.panels[.events]!.height > 40)
    }
}
