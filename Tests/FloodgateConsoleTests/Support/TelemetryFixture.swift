import FloodgateConsole
import FloodgateCore
import Foundation

/// Telemetry snapshots for frame tests: decoded from the JSON the daemon streams, then adjusted.
enum TelemetryFixture {
    /// The instant the frame tests are rendered at: 2026-12-01 18:03:22 UTC.
    static let now = Date(timeIntervalSince1970: 1_796_148_202)

    /// A running sale, `drop-1` "Sneaker drop", mid-way through.
    static func snapshot(tick: Int = 0) -> TelemetrySnapshot {
        var snapshot = try! JSONDecoder().decode(TelemetrySnapshot.self, from: Data(json.utf8))
        snapshot.queue.length = 1200 + tick * 30
        snapshot.queue.admittedThrough = 340 + tick * 50
        snapshot.queue.arrivalsPerSecond = 30 + Double(tick % 5) * 4
        snapshot.queue.registered = 1540 + tick * 80
        snapshot.funnel.registered = snapshot.queue.registered
        snapshot.funnel.admitted = snapshot.queue.admittedThrough
        return snapshot
    }

    /// A model watching `drop-1` that received `count` snapshots, one a second up to ``now``.
    static func model(snapshots count: Int = 12, readonly: Bool = false, adjust: (inout TelemetrySnapshot) -> Void = { _ in }) -> ConsoleModel {
        var model = ConsoleModel(options: ConsoleOptions(endpoint: "http://127.0.0.1:8080", readonly: readonly), saleID: "drop-1", themeName: "default", now: now)
        _ = model.apply(.connection(.live), now: now)
        for tick in 0..<count {
            var snapshot = snapshot(tick: tick)
            adjust(&snapshot)
            _ = model.apply(.snapshot(snapshot, receivedAt: now.addingTimeInterval(Double(tick - count + 1) - 0.4)), now: now)
        }
        return model
    }

    /// Renders a model as text with Unicode glyphs and a UTC clock.
    static func render(_ model: ConsoleModel, width: Int = 80, height: Int = 24, at date: Date = now) -> CellGrid {
        FrameRenderer(glyphs: .unicode, clock: WallClock(timeZone: TimeZone(identifier: "UTC")!)).render(model, width: width, height: height, now: date)
    }

    /// A telemetry part decoded from JSON (the types have no public memberwise initialisers).
    static func decode<Part: Decodable>(_ json: String) -> Part {
        try! JSONDecoder().decode(Part.self, from: Data(json.utf8))
    }

    static let json = """
        {"sale_id":"drop-1","name":"Sneaker drop","state":"running","fairness":"fifo","registration_open":true,
         "generated_at":"2026-12-01T18:03:21Z",
         "queue":{"length":1200,"registered":1540,"admitted_through":340,"admit_per_second":50,"arrivals_per_second":30.5,"eta_back_seconds":24},
         "skus":[{"sku":"AJ1-RED-42","initial":500,"added":0,"available":310,"reserved":40,"sold":150,"sold_per_second":2.1},
                 {"sku":"AJ1-RED-43","initial":300,"added":0,"available":0,"reserved":20,"sold":280,"sold_per_second":0.5}],
         "reservations":{"live":60,"expiring_10s":3,"expiring_30s":12,"expiring_60s":40,"expiries_per_second":0.4},
         "funnel":{"registered":1540,"admitted":340,"reserved":190,"committed":150,"cancelled":4,"expired":9,
                   "registered_per_second":30.5,"admitted_per_second":50,"reserved_per_second":3.2,"committed_per_second":2.6},
         "payments":{"attempts":200,"failures":3,"success_rate":0.985,"failure_rate_setting":0,"latency_ms_setting":50},
         "http":{"requests_per_second":1250,"error_rate":0.001,
                 "routes":[{"route":"GET /queue/status","requests_per_second":1100,"p50_ms":0.8,"p99_ms":4.5,"error_rate":0},
                           {"route":"POST /checkout/reserve","requests_per_second":40,"p50_ms":12,"p99_ms":250,"error_rate":0},
                           {"route":"POST /checkout/commit","requests_per_second":30,"p50_ms":320,"p99_ms":1400,"error_rate":0.01}]},
         "redis":{"connected":true,"p50_ms":0.4,"p99_ms":1.2},
         "bots":{"blocked":0,"score_histogram":[0,0,0,0,0,0,0,0,0,0],"top_offenders":[]},
         "conservation":{"ok":true,"violations":[]},
         "alerts":[],
         "audit":[{"id":"a-2","at":"2026-12-01T18:02:10Z","actor":"admin 127.0.0.1","action":"throttle","detail":"admit_per_second=50","result":"ok"},
                  {"id":"a-1","at":"2026-12-01T18:00:00Z","actor":"guard:start","action":"open","detail":"","result":"ok"}]}
        """
}
