import Foundation

/// RFC 3339 timestamps, hand-rolled (no shared `DateFormatter`), so every function is thread-safe.
///
/// Output is always UTC with whole seconds, `2026-12-01T18:00:00Z`; a fraction of a second is
/// dropped (rounded toward the past). Input accepts `T` or `t`, `Z`/`z` or a `±HH:MM` offset, and an
/// optional fraction of any length. Years 0000...9999; the leap second `:60` is rejected.
public enum RFC3339 {
    /// Formats a date as `YYYY-MM-DDTHH:MM:SSZ`, dropping any fraction of a second.
    public static func format(_ date: Date) -> String {
        format(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// Formats unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func format(unixSeconds: Int64) -> String {
        let days = unixSeconds.floorDivided(by: 86_400)
        let secondOfDay = unixSeconds - days * 86_400
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)
        let fields: [(Int64, Int)] = [
            (year, 4), (month, 2), (day, 2), (secondOfDay / 3600, 2), (secondOfDay / 60 % 60, 2), (secondOfDay % 60, 2),
        ]
        let separators = ["-", "-", "T", ":", ":", "Z"]
        var text = ""
        text.reserveCapacity(20)
        for (index, (value, width)) in fields.enumerated() {
            let digits = String(value)
            text += String(repeating: "0", count: max(0, width - digits.count)) + digits + separators[index]
        }
        return text
    }

    /// Parses an RFC 3339 timestamp; `nil` when it is not one.
    public static func parse(_ text: String) -> Date? {
        var scanner = TimestampScanner(Array(text.utf8))
        guard let (seconds, fraction) = scanner.timestamp() else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}

/// Reads `date-time` from RFC 3339 section 5.6, one field at a time.
private struct TimestampScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Returns whole unix seconds and the fraction in `0..<1`, or `nil` for malformed text.
    mutating func timestamp() -> (Int64, Double)? {
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("T", "t"), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
            let second = number(2)
        else { return nil }
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        guard let fraction = fraction(), let offset = offsetSeconds(), index == bytes.count else { return nil }
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        return (days * 86_400 + hour * 3600 + minute * 60 + second - offset, fraction)
    }

    private mutating func number(_ width: Int) -> Int64? {
        guard index + width <= bytes.count,
            let value = DecimalText.parse(bytes[index..<index + width])
        else { return nil }
        index += width
        return value
    }

    private mutating func expect(_ options: Character...) -> Bool {
        guard index < bytes.count, options.contains(Character(UnicodeScalar(bytes[index]))) else { return false }
        index += 1
        return true
    }

    /// The optional `.digits` part: 0 when absent, `nil` for a dot without digits.
    private mutating func fraction() -> Double? {
        guard expect(".") else { return 0 }
        let start = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
            index += 1
        }
        guard index > start else { return nil }
        return Double("0." + String(decoding: bytes[start..<min(index, start + 9)], as: UTF8.self))
    }

    private mutating func offsetSeconds() -> Int64? {
        if expect("Z", "z") { return 0 }
        let sign: Int64 = expect("+") ? 1 : (expect("-") ? -1 : 0)
        guard sign != 0, let hours = number(2), expect(":"), let minutes = number(2), hours < 24, minutes < 60 else {
            return nil
        }
        return sign * (hours * 3600 + minutes * 60)
    }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's `days_from_civil` and `civil_from_days`).
enum CivilDate {
    /// Days since 1970-01-01 for a calendar date.
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear.floorDivided(by: 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date of a day counted from 1970-01-01.
    static func from(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The number of days in a month of the proleptic Gregorian calendar.
    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
