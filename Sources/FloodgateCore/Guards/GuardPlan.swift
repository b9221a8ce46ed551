import Foundation

/// A sale's guard settings and admission settings together: what `GET|PUT /admin/sales/{id}/guards`
/// answers and takes (`{"guards": {...}, "admission": {...}}`), starting from the sale definition's.
public struct GuardPlan: Codable, Sendable, Hashable {
    public var guards: GuardConfiguration
    public var admission: AdmissionSettings

    /// Creates a plan.
    public init(guards: GuardConfiguration = GuardConfiguration(), admission: AdmissionSettings = AdmissionSettings()) {
        self.guards = guards
        self.admission = admission
    }

    /// The plan a sale definition gives.
    public init(_ definition: SaleDefinition) {
        self.init(guards: definition.guards, admission: definition.admission)
    }

    /// The plan with the changes in `value` (`guards` and `admission`, each optional; what is
    /// not given keeps its value).
    /// - Throws: ``SaleDefinitionError`` listing every problem; nothing is changed then.
    public func applying(_ value: JSONValue) throws(SaleDefinitionError) -> GuardPlan {
        var reader = FieldReader()
        var plan = self
        if let members = reader.object(value, at: "", allowedKeys: ["guards", "admission"]) {
            if let guards = members["guards"], guards != .null { plan.guards = plan.guards.reading(guards, at: "guards", with: &reader) }
            if let admission = members["admission"], admission != .null {
                plan.admission = plan.admission.reading(admission, at: "admission", with: &reader)
            }
        }
        guard reader.problems.isEmpty else { throw SaleDefinitionError(problems: reader.problems) }
        return plan
    }

    /// The plan as JSON text.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
