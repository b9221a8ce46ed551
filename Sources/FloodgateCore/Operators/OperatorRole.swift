/// What an admin token may do. Each role includes the ones before it.
public enum OperatorRole: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    /// Reads everything: sales, audit, telemetry, bot reports.
    case observer
    /// Also the switches: pause, resume, throttle, registration, close, bot blocks and policy,
    /// the guards' settings and alert acknowledgements.
    case `operator`
    /// Also rollback, refunds, payment drills, sale creation and archiving.
    case admin

    /// Whether this role includes `required`.
    public func allows(_ required: OperatorRole) -> Bool {
        self >= required
    }

    public static func < (lhs: OperatorRole, rhs: OperatorRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The role an admin call needs: reading is for observers; the kill switches, the bot
    /// defense's blocks and policy, the guards' settings and acknowledging alerts for operators; everything else that changes something
    /// (create, rollback, payment, archive) for admins.
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - path: the request path, `/admin/...`.
    public static func required(method: String, path: String) -> OperatorRole {
        guard method != "GET" && method != "HEAD" else { return .observer }
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        return operatorActions.contains(last) ? .operator : .admin
    }

    /// The last path components of the calls an operator may make.
    public static let operatorActions: Set<String> = ["pause", "resume", "throttle", "registration", "close", "block", "policy", "guards", "ack"]
}
