import Foundation

/// Range and consistency rules for a sale definition.
extension SaleDefinition {
    /// The accepted ranges, shared with the admin calls that change a running sale.
    public enum Limits {
        /// Characters in `name`.
        public static let nameLength = 1...200
        /// SKUs in one sale.
        public static let skuCount = 1...1000
        /// Initial stock of one SKU.
        public static let stock = 0...10_000_000
        /// The bounds of `admit_per_second` (a throttle may also set 0: admission stopped).
        public static let minAdmitPerSecond = 0.01
        public static let maxAdmitPerSecond = 100_000.0
        /// Units per shopper.
        public static let perUserLimit = 1...1000
        /// Reservation lifetime in seconds.
        public static let reservationTTLSeconds = 5...3600
        /// Admission window in seconds.
        public static let admissionWindowSeconds = 10...86_400
        /// Proof-of-work difficulty in leading zero bits.
        public static let powDifficulty = 0...32
        /// Simulated payment failure rate.
        public static let failureRate = 0.0...1.0
        /// Simulated payment latency in milliseconds.
        public static let latencyMs = 0...60_000
        /// The upper bound of `admission_factor`; the lower bound is "greater than 0".
        public static let maxAdmissionFactor = 100.0
        /// Bytes in `checkout_url`.
        public static let checkoutURLLength = 8...2048
    }

    /// What a valid id (and SKU name) looks like, as said in problem messages.
    static let idRule = "must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"

    /// Whether `id` can name a sale or a SKU: `^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`. Ids go into Redis
    /// key names, so braces, colons, spaces and non-ASCII characters are refused.
    public static func isValidID(_ id: String) -> Bool {
        let bytes = id.utf8
        guard let first = bytes.first, bytes.count <= 64, first.isASCIIAlphanumeric else { return false }
        return bytes.allSatisfy { $0.isASCIIAlphanumeric || "_.-".utf8.contains($0) }
    }

    /// Whether `url` may be a sale's `checkout_url`: `http://` or `https://`, 8 to 2048 bytes of
    /// printable ASCII without spaces, quotes or angle brackets.
    public static func isValidCheckoutURL(_ url: String) -> Bool {
        let bytes = url.utf8
        guard Limits.checkoutURLLength.contains(bytes.count), url.hasPrefix("https://") || url.hasPrefix("http://") else { return false }
        return bytes.allSatisfy { (0x21...0x7E).contains($0) && !"\"'<>`".utf8.contains($0) }
    }

    /// Every rule this definition breaks; empty when it is valid.
    public func validationProblems() -> [FieldProblem] {
        var problems = identityProblems() + skuProblems() + timeProblems()
        func check(_ field: String, _ value: Int, in range: ClosedRange<Int>) {
            if !range.contains(value) { problems.append(Self.outOfRange(field, value, range)) }
        }
        func check(_ field: String, _ value: Double, above lower: Double, atMost upper: Double) {
            guard !(value > lower && value <= upper) else { return }
            let rule = "must be greater than \(lower.plainText) and at most \(upper.plainText)"
            problems.append(FieldProblem(field: field, message: "\(rule), got \(value.plainText)"))
        }
        if !(Limits.minAdmitPerSecond...Limits.maxAdmitPerSecond).contains(admitPerSecond) {
            let rule = "must be from \(Limits.minAdmitPerSecond.plainText) to \(Limits.maxAdmitPerSecond.plainText)"
            problems.append(FieldProblem(field: "admit_per_second", message: "\(rule), got \(admitPerSecond.plainText)"))
        }
        check("per_user_limit", perUserLimit, in: Limits.perUserLimit)
        check("reservation_ttl_seconds", reservationTTLSeconds, in: Limits.reservationTTLSeconds)
        check("admission_window_seconds", admissionWindowSeconds, in: Limits.admissionWindowSeconds)
        check("pow_difficulty", powDifficulty, in: Limits.powDifficulty)
        check("admission_factor", admissionFactor, above: 0, atMost: Limits.maxAdmissionFactor)
        if !Limits.failureRate.contains(payment.failureRate) {
            let message = "must be between 0 and 1, got \(payment.failureRate.plainText)"
            problems.append(FieldProblem(field: "payment.failure_rate", message: message))
        }
        check("payment.latency_ms", payment.latencyMs, in: Limits.latencyMs)
        if let checkoutURL, !Self.isValidCheckoutURL(checkoutURL) {
            problems.append(FieldProblem(field: "checkout_url", message: "must be an http:// or https:// URL of at most 2048 bytes without spaces or quotes"))
        }
        return problems + botPolicy.problems(at: "bot_policy") + (identity?.problems(at: "identity") ?? [])
    }

    /// Throws every rule this definition breaks.
    public func validate() throws(SaleDefinitionError) {
        let problems = validationProblems()
        if !problems.isEmpty { throw SaleDefinitionError(problems: problems) }
    }

    private func identityProblems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if !Self.isValidID(id) {
            problems.append(FieldProblem(field: "id", message: "\(Self.idRule), got \(id.quotedForMessage)"))
        }
        if !Limits.nameLength.contains(name.count) {
            problems.append(FieldProblem(field: "name", message: "must be 1 to 200 characters, got \(name.count)"))
        }
        return problems
    }

    private func skuProblems() -> [FieldProblem] {
        guard Limits.skuCount.contains(skus.count) else {
            return [FieldProblem(field: "skus", message: "must list 1 to 1000 skus, got \(skus.count)")]
        }
        var problems: [FieldProblem] = []
        var firstIndex: [String: Int] = [:]
        for (index, sku) in skus.enumerated() {
            let path = "skus[\(index)]"
            let name = sku.sku.quotedForMessage
            if !Self.isValidID(sku.sku) {
                problems.append(FieldProblem(field: path + ".sku", message: "\(Self.idRule), got \(name)"))
            } else if let earlier = firstIndex[sku.sku] {
                let message = "duplicate sku \(name), also skus[\(earlier)]"
                problems.append(FieldProblem(field: path + ".sku", message: message))
            } else {
                firstIndex[sku.sku] = index
            }
            if !Limits.stock.contains(sku.stock) {
                problems.append(Self.outOfRange(path + ".stock", sku.stock, Limits.stock))
            }
        }
        return problems
    }

    private func timeProblems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if let endsAt, endsAt <= startsAt {
            problems.append(FieldProblem(field: "ends_at", message:
                "must be after starts_at (\(RFC3339.format(startsAt))), got \(RFC3339.format(endsAt))"))
        }
        if let prequeueOpensAt, prequeueOpensAt > startsAt {
            problems.append(FieldProblem(field: "prequeue_opens_at", message:
                "must be at or before starts_at (\(RFC3339.format(startsAt))), got \(RFC3339.format(prequeueOpensAt))"))
        }
        return problems
    }

    private static func outOfRange(_ field: String, _ value: Int, _ range: ClosedRange<Int>) -> FieldProblem {
        FieldProblem(field: field, message: "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
    }
}

extension Double {
    /// The number without a needless `.0`: `50`, `0.5`.
    var plainText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}

extension UInt8 {
    /// Whether the byte is an ASCII letter or digit.
    var isASCIIAlphanumeric: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self)
    }
}
