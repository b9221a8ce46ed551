import FloodgateCore
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import UnixSignals

/// Who may call the admin API: the daemon's single admin token (full rights, named `admin`) and
/// the operators of the `--admin-tokens` file, which is read again on SIGHUP.
final class AdminAuthority: Sendable {
    private let token: String
    /// The tokens file, if one was given.
    let tokensFile: String?
    private let operators: NIOLockedValueBox<OperatorTokens>

    /// An authority for the single `token` and the operators of `tokensFile`.
    /// - Throws: ``OperatorTokensError`` when the file cannot be read or is wrong.
    init(token: String, tokensFile: String? = nil) throws {
        self.token = token
        self.tokensFile = tokensFile
        operators = NIOLockedValueBox(try tokensFile.map(OperatorTokens.load) ?? .none)
    }

    /// The caller holding `given`, or nil when it is no admin token.
    func identity(of given: String) -> OperatorIdentity? {
        let named = operators.withLockedValue { $0 }.identity(of: given)
        return RequestAuth.constantTimeEquals(given, token) ? .tokenHolder : named
    }

    /// Reads the tokens file again; on an error the operators known so far stay.
    /// - Returns: how many operators the file lists.
    /// - Throws: ``OperatorTokensError``.
    @discardableResult
    func reload() throws -> Int {
        guard let tokensFile else { return 0 }
        let fresh = try OperatorTokens.load(tokensFile)
        operators.withLockedValue { $0 = fresh }
        return fresh.entries.count
    }
}

/// Reloads the admin tokens file on SIGHUP, until the daemon stops (run it only with a file:
/// a service that ends stops the daemon).
struct AdminTokensReloader: Service {
    let authority: AdminAuthority
    let logger: Logger

    func run() async throws {
        guard let file = authority.tokensFile else { return }
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            do {
                let count = try authority.reload()
                logger.notice("admin tokens reloaded from \(file): \(count) operators")
            } catch {
                logger.error("admin tokens not reloaded, the previous ones stay: \(error)")
            }
        }
    }
}
