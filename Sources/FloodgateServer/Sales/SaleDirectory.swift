import FloodgateCore
import FloodgateEngine
import Foundation
import NIOConcurrencyHelpers

/// The daemon's in-memory picture of every sale: refreshed from Redis a few times a second by
/// the background services, read by the request handlers without a Redis round trip.
final class SaleDirectory: Sendable {
    private let views = NIOLockedValueBox<[String: SaleView]>([:])
    private let samples = NIOLockedValueBox<[String: SaleSamples]>([:])
    private let admissions = AdmissionHistory()

    /// The ids of the sales known so far.
    var saleIDs: [String] { views.withLockedValue { Array($0.keys).sorted() } }

    /// A sale's view, or nil when the daemon has not seen it yet.
    func view(_ saleID: String) -> SaleView? {
        views.withLockedValue { $0[saleID] }
    }

    /// Stores a sale's view.
    func store(_ view: SaleView) {
        views.withLockedValue { $0[view.definition.id] = view }
        admissions.record(saleID: view.definition.id, cursor: view.clock.admittedThrough, atMs: ServerServices.monotonicMs())
    }

    /// When this daemon first saw `position` admitted (for the bot defense's reserve timing).
    func admittedSinceMs(saleID: String, position: UInt64) -> Int64? {
        admissions.admittedSinceMs(saleID: saleID, position: position)
    }

    /// Forgets a sale whose keys are gone (archived).
    func remove(_ saleID: String) {
        views.withLockedValue { $0[saleID] = nil }
        samples.withLockedValue { $0[saleID] = nil }
    }

    /// Records a status read from Redis, keeping the one before for rates.
    func record(_ status: SaleStatus, at time: Date = Date()) {
        samples.withLockedValue { samples in
            let previous = samples[status.id]?.latest
            samples[status.id] = SaleSamples(latest: (status, time), previous: previous)
        }
    }

    /// The two latest statuses of a sale.
    func samples(_ saleID: String) -> SaleSamples? {
        samples.withLockedValue { $0[saleID] }
    }

}

/// The two latest statuses of a sale, for figures and their rates.
struct SaleSamples: Sendable {
    var latest: (status: SaleStatus, time: Date)
    var previous: (status: SaleStatus, time: Date)?

    /// How fast counter `name` grew between the two statuses, per second.
    func rate(_ name: String) -> Double {
        rate { $0.counters[name] ?? 0 }
    }

    /// How fast `value` grew between the two statuses, per second.
    func rate(_ value: (SaleStatus) -> Int) -> Double {
        guard let previous else { return 0 }
        let seconds = latest.time.timeIntervalSince(previous.time)
        guard seconds > 0 else { return 0 }
        return max(0, Double(value(latest.status) - value(previous.status)) / seconds)
    }
}
