import FloodgateConsole
import FloodgateCore
import Foundation
import Testing

@Suite("Inventory panel: every column kept, names shortened in the middle, most urgent first, LOW and SOLD OUT in words")
struct InventoryFrameTests {
    /// Four SKUs with long names: one sold out, one nearly (LOW), one selling, one not moving.
    static func model() -> ConsoleModel {
        TelemetryFixture.model { snapshot in
            snapshot.skus = [
                TelemetryFixture.decode(#"{"sku":"PARKA-NAVY-XL","initial":100,"added":0,"available":60,"reserved":10,"sold":30,"sold_per_second":0.5}"#),
                TelemetryFixture.decode(#"{"sku":"PARKA-NAVY-S","initial":100,"added":0,"available":0,"reserved":0,"sold":100,"sold_per_second":0}"#),
                TelemetryFixture.decode(#"{"sku":"HOODIE-GREY-M","initial":100,"added":0,"available":5,"reserved":5,"sold":90,"sold_per_second":1}"#),
                TelemetryFixture.decode(#"{"sku":"SOCKS-WHITE-42-LONG","initial":50,"added":0,"available":50,"reserved":0,"sold":0,"sold_per_second":0}"#),
            ]
        }
    }

    /// The panel rows (not the summary line) naming one of `names`.
    static func rows(_ text: String, of names: [String]) -> [String] {
        text.split(separator: "\n").map(String.init).filter { line in line.hasPrefix("│") && names.contains { line.contains($0) } }
    }

    @Test("120x40: names of 12+ characters keep avail, res, sold, thru, sold/s and the sell-out column")
    func wideColumns() {
        let text = TelemetryFixture.render(Self.model(), width: 120, height: 40).text
        #expect(text.contains("avail res sold  thru  sold/s sells out"))
        #expect(text.contains("SOCKS-WHITE-42-LONG"))
        #expect(text.contains("│PARKA-NAVY-XL          60  10   30 30.0%  0.5/s→     2m00s│"), "\(text)")
    }

    @Test("the soonest to sell out first, the one that does not move next, sold out last; LOW and SOLD OUT as text")
    func order() {
        let text = TelemetryFixture.render(Self.model(), width: 120, height: 40).text
        let order = Self.rows(text, of: ["HOODIE", "PARKA-NAVY-XL", "SOCKS", "PARKA-NAVY-S "]).map { line in
            ["HOODIE", "PARKA-NAVY-XL", "SOCKS", "PARKA-NAVY-S "].first { line.contains($0) }!
        }
        #expect(order == ["HOODIE", "PARKA-NAVY-XL", "SOCKS", "PARKA-NAVY-S "])
        #expect(Self.rows(text, of: ["HOODIE"]).first?.contains("LOW 5s") == true)
        #expect(Self.rows(text, of: ["PARKA-NAVY-S "]).first?.contains("SOLD OUT") == true)
    }

    @Test("80x24: names cut in the middle keep their size; every count still shows; the most urgent first; the empty bot panel keeps one line")
    func narrow() {
        let text = TelemetryFixture.render(Self.model()).text
        #expect(text.contains("│SKU     avail res sold  thru sells out│"), "\(text)")
        #expect(text.contains("│HOO…Y-M     5   5   90 90.0%    LOW 5s│"), "\(text)")
        #expect(text.contains("│PAR…-XL    60  10   30 30.0%     2m00s│"), "\(text)")
        #expect(text.contains("│empty: bot defenses have not reported"))
        #expect(text.contains("↓2 more"), "socks and the sold-out parka below")
    }

    @Test("a name is cut in the middle: both ends stay")
    func middle() {
        let model = TelemetryFixture.model { $0.skus[0].sku = "PARKA-NAVY-XL-TALL-EDITION" }
        #expect(TelemetryFixture.render(model).text.contains("│PAR…ION "))
    }
}
