import Foundation

/// Lenient decoding that collects every problem before building a `SaleDefinition`.
extension SaleDefinition {
    /// The keys a definition may have at the top level; any other key is refused.
    public static let knownKeys = Set(CodingKeys.allCases.map(\.rawValue))

    /// Parses and validates a JSON sale definition.
    ///
    /// Only `id` and `skus` are required; a missing or `null` optional field takes its default
    /// (`starts_at` defaults to `now`, truncated to whole seconds).
    /// - Parameters:
    ///   - json: The definition, a JSON object.
    ///   - now: The current time, the default `starts_at`.
    /// - Returns: A valid definition.
    /// - Throws: `SaleDefinitionError` listing every problem: bad JSON, unknown keys, wrong types,
    ///   values out of range, inconsistent times.
    public static func parse(json: Data, now: Date) throws(SaleDefinitionError) -> SaleDefinition {
        let value: JSONValue
        do {
            value = try JSONParser.parse(json)
        } catch {
            throw SaleDefinitionError(problems: [FieldProblem(field: "$", message: "not valid JSON: \(error.reason) at byte \(error.offset)")])
        }
        return try parse(value: value, now: now)
    }

    /// Parses and validates a definition already read into a `JSONValue` tree (for example from TOML).
    /// See `parse(json:now:)`.
    public static func parse(value: JSONValue, now: Date) throws(SaleDefinitionError) -> SaleDefinition {
        guard case .object(let members) = value else {
            let problem = FieldProblem(field: "$", message: "expected object, got \(value.typeName)")
            throw SaleDefinitionError(problems: [problem])
        }
        var reader = FieldReader()
        _ = reader.object(value, at: "", allowedKeys: knownKeys)
        reader.require("id", in: members, at: "")
        reader.require("skus", in: members, at: "")
        let name = reader.string("name", in: members, at: "")
        var definition = SaleDefinition(
            id: reader.string("id", in: members, at: "") ?? "",
            skus: readSKUs(from: members, with: &reader),
            startsAt: reader.timestamp("starts_at", in: members, at: "") ?? now.wholeSeconds
        )
        definition.name = name ?? definition.id
        readSettings(from: members, into: &definition, with: &reader)
        if reader.hasProblem(at: "starts_at") {
            // Without a start time the order of the other times cannot be checked.
            definition.prequeueOpensAt = nil
            definition.endsAt = nil
        }
        let rules = definition.validationProblems().filter { rule in
            !(name == nil && rule.field == "name") && !reader.problems.contains { rule.isCovered(by: $0.field) }
        }
        let problems = reader.problems + rules
        guard problems.isEmpty else { throw SaleDefinitionError(problems: problems) }
        return definition
    }

    private static func readSKUs(from members: [String: JSONValue], with reader: inout FieldReader) -> [SKU] {
        guard let elements = reader.array("skus", in: members, at: "") else { return [] }
        var skus: [SKU] = []
        for (index, element) in elements.enumerated() {
            let path = "skus[\(index)]"
            guard let fields = reader.object(element, at: path, allowedKeys: ["sku", "stock"]) else {
                skus.append(SKU(sku: "", stock: 0))
                continue
            }
            reader.require("sku", in: fields, at: path)
            reader.require("stock", in: fields, at: path)
            let sku = reader.string("sku", in: fields, at: path) ?? ""
            skus.append(SKU(sku: sku, stock: reader.integer("stock", in: fields, at: path) ?? 0))
        }
        return skus
    }

    private static func readSettings(
        from members: [String: JSONValue], into definition: inout SaleDefinition, with reader: inout FieldReader
    ) {
        definition.prequeueOpensAt = reader.timestamp("prequeue_opens_at", in: members, at: "")
        definition.endsAt = reader.timestamp("ends_at", in: members, at: "")
        assign(&definition.fairness, reader.choice("fairness", in: members, at: ""))
        assign(&definition.admitPerSecond, reader.number("admit_per_second", in: members, at: ""))
        assign(&definition.perUserLimit, reader.integer("per_user_limit", in: members, at: ""))
        assign(&definition.reservationTTLSeconds, reader.integer("reservation_ttl_seconds", in: members, at: ""))
        assign(&definition.admissionWindowSeconds, reader.integer("admission_window_seconds", in: members, at: ""))
        assign(&definition.powDifficulty, reader.integer("pow_difficulty", in: members, at: ""))
        assign(&definition.admissionFactor, reader.number("admission_factor", in: members, at: ""))
        definition.checkoutURL = reader.string("checkout_url", in: members, at: "")
        if let policy = members["bot_policy"], policy != .null {
            definition.botPolicy = BotPolicy.read(policy, at: "bot_policy", with: &reader)
        }
        if let identity = members["identity"], identity != .null {
            definition.identity = IdentitySettings.read(identity, at: "identity", with: &reader)
        }
        if let guards = members["guards"], guards != .null {
            definition.guards = definition.guards.reading(guards, at: "guards", with: &reader)
        }
        if let admission = members["admission"], admission != .null {
            definition.admission = definition.admission.reading(admission, at: "admission", with: &reader)
        }
        guard let payment = members["payment"], payment != .null,
            let fields = reader.object(payment, at: "payment", allowedKeys: ["gateway", "failure_rate", "latency_ms"])
        else { return }
        assign(&definition.payment.gateway, reader.choice("gateway", in: fields, at: "payment"))
        assign(&definition.payment.failureRate, reader.number("failure_rate", in: fields, at: "payment"))
        assign(&definition.payment.latencyMs, reader.integer("latency_ms", in: fields, at: "payment"))
    }

    private static func assign<Value>(_ target: inout Value, _ value: Value?) {
        if let value { target = value }
    }
}
