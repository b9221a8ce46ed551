import FloodgateCore
import Foundation

/// The sale one run creates: the profile's sale under a fresh id (so runs never collide), with
/// its start `starts_after_seconds` from now and pre-registration open from now when that is later.
struct SalePlan: Sendable {
    let definition: SaleDefinition

    /// - Parameters:
    ///   - profile: the profile whose sale this is.
    ///   - runID: a short suffix unique to the run.
    ///   - now: the time the sale is created.
    init(profile: RehearsalProfile, runID: String, now: Date) {
        var definition = profile.sale
        let second = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        definition.id = "\(profile.sale.id)-\(runID)"
        if definition.name == profile.sale.id { definition.name = definition.id }
        definition.startsAt = second.addingTimeInterval(profile.startsAfterSeconds.rounded(.up))
        definition.prequeueOpensAt = profile.startsAfterSeconds > 0 ? second : nil
        definition.endsAt = nil
        self.definition = definition
    }

    /// The sale id.
    var id: String { definition.id }

    /// The SKU names.
    var skus: [String] { definition.skus.map(\.sku) }

    /// The definition as `POST /admin/sales` takes it.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(definition)) ?? Data(), as: UTF8.self)
    }
}
