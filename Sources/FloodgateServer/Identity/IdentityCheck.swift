import FloodgateCore
import Foundation

/// Identity binding at registration, before anything is written.
enum IdentityCheck {
    /// Checks the registration's assertion when the sale asks for one.
    /// - Throws: ``FloodgateCore/APIError`` 401 `identity_invalid`.
    static func verify(_ assertion: String?, userID: String, sale: SaleDefinition) throws {
        guard let settings = sale.identity else { return }
        guard let assertion else { throw APIError(nil as IdentityError?) }
        do {
            try IdentityAssertion.verify(assertion, settings: settings, userID: userID, now: Date())
        } catch {
            throw APIError(error)
        }
    }
}
