import FloodgateCore
/// Numbers as an operator reads them: grouped counts, rates, durations, percentages, latencies.
public enum Figures {
    /// `1,234`; `12.3M` past ten million.
    public static func count(_ value: Int) -> String {
        if abs(value) >= 10_000_000 { return decimal(Double(value) / 1_000_000, digits: 1) + "M" }
        let digits = String(abs(value))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `0.4/s`, `12/s`, `3.4k/s`.
    public static func rate(_ value: Double) -> String {
        if value >= 10_000 { return decimal(value / 1000, digits: 0) + "k/s" }
        if value >= 1000 { return decimal(value / 1000, digits: 1) + "k/s" }
        if value >= 10 || value == value.rounded() { return decimal(value, digits: 0) + "/s" }
        return decimal(value, digits: 1) + "/s"
    }

    /// `42s`, `4m05s`, `2h03m`; `nil` (no estimate) reads `--`.
    public static func duration(_ seconds: Int?) -> String {
        guard let seconds, seconds >= 0 else { return "--" }
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" + twoDigits(seconds % 60) + "s" }
        return "\(seconds / 3600)h" + twoDigits(seconds / 60 % 60) + "m"
    }

    /// A fraction (0...1) as `12.5%`; `nil` reads `--`.
    public static func percent(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "--" }
        let value = fraction * 100
        return decimal(value, digits: value >= 99.95 || value == 0 ? 0 : 1) + "%"
    }

    /// Milliseconds as `12ms` or `1.25s`.
    public static func latency(_ milliseconds: Double) -> String {
        if milliseconds >= 1000 { return decimal(milliseconds / 1000, digits: 2) + "s" }
        return decimal(milliseconds, digits: milliseconds < 10 ? 1 : 0) + "ms"
    }

    /// An age in seconds as `0.4s`, `12s`, `3m10s`.
    public static func age(_ seconds: Double) -> String {
        seconds < 10 ? decimal(max(0, seconds), digits: 1) + "s" : duration(Int(saturating: seconds))
    }

    /// `value` with `digits` decimals, rounded half away from zero.
    public static func decimal(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "--" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64(saturating: (abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fraction = String(scaled % Int64(scale))
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
