import Foundation
import NIOConcurrencyHelpers

/// The `Date` header of the fast path's answers (RFC 9110 IMF-fixdate, such as
/// `Thu, 03 Dec 2026 22:25:11 GMT`), formatted at most once a second and shared by every
/// connection. Formatted by hand: the C library's `strftime` would follow a locale the console
/// may have set in the same process.
final class HTTPDateHeader: Sendable {
    private let cache = NIOLockedValueBox<(second: Int64, text: String)>((-1, ""))

    /// The header's value now.
    func current() -> String {
        let second = Int64(Date().timeIntervalSince1970.rounded(.down))
        return cache.withLockedValue { cache in
            if cache.second != second { cache = (second, Self.format(epochSecond: second)) }
            return cache.text
        }
    }

    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// An instant (whole seconds since 1970, UTC) in IMF-fixdate.
    static func format(epochSecond: Int64) -> String {
        let days = epochSecond >= 0 ? epochSecond / 86_400 : (epochSecond - 86_399) / 86_400
        let secondOfDay = epochSecond - days * 86_400
        let (year, month, day) = civilDate(daysSince1970: days)
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        return "\(weekday), \(twoDigits(day)) \(months[month - 1]) \(year) "
            + "\(twoDigits(Int(secondOfDay / 3_600))):\(twoDigits(Int(secondOfDay / 60 % 60))):\(twoDigits(Int(secondOfDay % 60))) GMT"
    }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day number.
    private static func civilDate(daysSince1970: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
