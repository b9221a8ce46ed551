import Foundation

/// The telemetry stream's connection, as the client last reported it.
public enum ConnectionStatus: Sendable, Hashable {
    /// Connecting for the first time or again.
    case connecting(since: Date)
    /// Connected; snapshots arrive.
    case live
    /// The stream broke; the client retries at `retryAt`.
    case lost(since: Date, reason: String, retryAt: Date)
}

/// A sale as `GET /admin/sales` lists it.
public struct SaleSummary: Sendable, Hashable, Decodable {
    public var id: String
    public var name: String
    public var state: String

    /// Creates a summary.
    public init(id: String, name: String, state: String) {
        self.id = id
        self.name = name
        self.state = state
    }

    enum CodingKeys: String, CodingKey { case id, name, state }

    /// Decodes a summary; `name` and `state` may be missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        state = try container.decodeIfPresent(String.self, forKey: .state) ?? ""
    }
}

/// Which sale the console watches.
public enum SaleSelection: Sendable, Hashable {
    /// Listing the daemon's sales; `problem` says why the last attempt failed.
    case discovering(problem: String?)
    /// Several sales: the operator picks one (`index` is highlighted).
    case picking([SaleSummary], index: Int)
    /// Watching this sale.
    case selected(String)

    /// The watched sale's id.
    public var saleID: String? {
        if case .selected(let id) = self { return id }
        return nil
    }
}
