import FloodgateCore
import Foundation

/// The last few minutes of telemetry snapshots, oldest first: the latest figures, and the series
/// behind sparklines and trend arrows.
public struct TelemetryHistory: Sendable, Hashable {
    /// How many snapshots are kept (three minutes at one a second).
    public static let capacity = 180

    /// The snapshots, oldest first.
    public private(set) var snapshots: [TelemetrySnapshot] = []
    /// When the latest snapshot arrived.
    public private(set) var receivedAt: Date?

    /// An empty history.
    public init() {}

    /// The newest snapshot.
    public var latest: TelemetrySnapshot? { snapshots.last }

    /// Adds a snapshot that arrived at `date`, dropping the oldest past ``capacity``.
    public mutating func append(_ snapshot: TelemetrySnapshot, at date: Date) {
        snapshots.append(snapshot)
        if snapshots.count > Self.capacity { snapshots.removeFirst(snapshots.count - Self.capacity) }
        receivedAt = date
    }

    /// One figure over time, oldest first.
    public func series(_ figure: (TelemetrySnapshot) -> Double) -> [Double] {
        snapshots.map(figure)
    }

    /// Which way a figure moves.
    public func trend(_ figure: (TelemetrySnapshot) -> Double) -> Trend {
        Trend(snapshots.suffix(8).map(figure))
    }

    /// Seconds since the latest snapshot arrived; `nil` before the first.
    public func age(at now: Date) -> Double? {
        receivedAt.map { now.timeIntervalSince($0) }
    }
}
