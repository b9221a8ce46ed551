import Foundation

/// Times of day as the operator reads them, in one time zone.
public struct WallClock: Sendable, Hashable {
    /// The zone the clock shows.
    public var timeZone: TimeZone

    /// A clock in `timeZone`.
    public init(timeZone: TimeZone = .current) {
        self.timeZone = timeZone
    }

    /// `HH:MM:SS`.
    public func time(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return [parts.hour, parts.minute, parts.second].map { String(format: "%02d", $0 ?? 0) }.joined(separator: ":")
    }
}
