import FloodgateCore

/// Who called the admin API: a named token from the tokens file, or the daemon's single admin
/// token (`admin`, with every right).
struct OperatorIdentity: Sendable, Hashable {
    /// The name the audit trail records.
    let name: String
    let role: OperatorRole

    /// The single admin token's holder.
    static let tokenHolder = OperatorIdentity(name: "admin", role: .admin)
}
