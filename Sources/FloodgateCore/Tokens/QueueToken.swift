import Foundation

/// What a signed queue token says: who registered for which sale, and their registration number.
///
/// Create one with the failable initializer, then turn it into text with `TokenSigner.sign(_:)`.
public struct QueueToken: Sendable, Hashable {
    /// The most UTF-8 bytes a user id may have.
    public static let maxUserIDBytes = 128

    /// The shopper's id, as given at registration.
    public let userID: String
    /// The sale's id (see `SaleDefinition.isValidID(_:)`).
    public let saleID: String
    /// The registration number: 1 for the first registration of the sale, then 2, 3, ...
    public let ticket: UInt64
    /// When the token was issued, in unix seconds.
    public let issuedAt: Int64
    /// When the token stops being accepted, in unix seconds (exclusive).
    public let expiresAt: Int64
    /// Where it was issued; nil in tokens issued without one (they are never taken as moved).
    public let binding: TokenBinding?

    /// Creates a token; `nil` when `saleID` is not a valid sale id or `userID` is not a valid user id.
    public init?(userID: String, saleID: String, ticket: UInt64, issuedAt: Int64, expiresAt: Int64, binding: TokenBinding? = nil) {
        guard Self.isValidUserID(userID), SaleDefinition.isValidID(saleID) else { return nil }
        self.init(checkedUserID: userID, saleID: saleID, ticket: ticket, issuedAt: issuedAt, expiresAt: expiresAt, binding: binding)
    }

    /// Creates a token from ids already known to be valid (read from a signed payload).
    init(checkedUserID userID: String, saleID: String, ticket: UInt64, issuedAt: Int64, expiresAt: Int64, binding: TokenBinding?) {
        self.userID = userID
        self.saleID = saleID
        self.ticket = ticket
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.binding = binding
    }

    /// Whether `userID` can be carried in a token: 1...128 UTF-8 bytes, no control characters.
    public static func isValidUserID(_ userID: String) -> Bool {
        guard (1...maxUserIDBytes).contains(userID.utf8.count) else { return false }
        // Printable ASCII, the usual id, needs no lookup of Unicode properties.
        if userID.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) { return true }
        return !userID.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// Throws `TokenError.foreign` unless the token was issued for `saleID` (and `userID`, when given).
    public func checkOwner(saleID: String, userID: String? = nil) throws(TokenError) {
        guard self.saleID == saleID, userID == nil || self.userID == userID else { throw .foreign }
    }

    /// `issuedAt` as a `Date`.
    public var issuedDate: Date {
        Date(timeIntervalSince1970: TimeInterval(issuedAt))
    }

    /// `expiresAt` as a `Date`.
    public var expiryDate: Date {
        Date(timeIntervalSince1970: TimeInterval(expiresAt))
    }
}
