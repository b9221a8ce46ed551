import FloodgateCore
import Foundation

/// Something the network side tells the screen: posted to the ``Mailbox`` and applied to the
/// ``ConsoleModel`` on the screen's thread.
public enum ConsoleEvent: Sendable {
    /// A telemetry snapshot arrived.
    case snapshot(TelemetrySnapshot, receivedAt: Date)
    /// The telemetry stream connected, broke or is retrying.
    case connection(ConnectionStatus)
    /// A control call finished.
    case actionFinished(ControlAction, saleID: String, ActionOutcome, at: Date)
    /// The daemon's sales.
    case sales([SaleSummary])
    /// The sales could not be listed.
    case salesUnavailable(String)
    /// Every sale with its figures, for the overview.
    case overview([SaleOverview])
    /// The sale's audit trail (`GET /admin/sales/{id}/audit`), newest first.
    case auditTrail([TelemetrySnapshot.AuditEntry])
    /// The audit trail could not be read.
    case auditUnavailable(String)
    /// Who the admin token belongs to (`GET /admin/whoami`).
    case signedIn(OperatorSignIn)
    /// The process was asked to stop (SIGTERM, SIGHUP).
    case quit
}

/// One sale in the overview (`S`), from its admin status.
public struct SaleOverview: Sendable, Hashable {
    public var id: String
    public var name: String
    public var state: String
    /// Sold units as a share of the stock.
    public var sellThrough: Double
    /// Shoppers registered and not yet admitted.
    public var queue: Int
    /// Who paused it, while paused (`guard:<name>` is a guard's alert).
    public var pausedBy: String?
    /// The guards' alerts that are active now.
    public var activeAlerts: Int

    /// Creates a line.
    public init(id: String, name: String, state: String, sellThrough: Double, queue: Int, pausedBy: String?, activeAlerts: Int = 0) {
        (self.id, self.name, self.state, self.sellThrough, self.queue, self.pausedBy) = (id, name, state, sellThrough, queue, pausedBy)
        self.activeAlerts = activeAlerts
    }
}

/// The admin token's holder as the daemon knows it.
public struct OperatorSignIn: Sendable, Hashable, Decodable {
    /// The operator's name (`admin` for the daemon's single token).
    public var name: String
    /// `observer`, `operator` or `admin`.
    public var role: OperatorRole

    /// Creates a sign-in.
    public init(name: String, role: OperatorRole) {
        self.name = name
        self.role = role
    }
}

/// How a control call ended.
public enum ActionOutcome: Sendable, Hashable {
    /// Applied; `detail` says what it did when the answer tells more than the sale's status
    /// (`released 3 reservations, refunded 0 payments` for a rollback).
    case succeeded(detail: String?)
    /// The server's error (`409 invalid_state: ...`) or the transport failure.
    case failed(String)
}

/// What the screen asks the network side (or itself) to do after a key.
public enum ConsoleEffect: Sendable, Hashable {
    /// Send a control call for a sale.
    case perform(ControlAction, saleID: String)
    /// Start watching a sale.
    case selectSale(String)
    /// Read every sale's status for the overview.
    case loadOverview
    /// Read a sale's whole audit trail.
    case loadAudit(String)
    /// Load and apply a theme by name.
    case loadTheme(String)
    /// Leave the console (the sale is untouched).
    case quit
}
