import FloodgateCore
import Foundation

extension ConsoleModel {
    /// Applies something the network side reported.
    /// - Returns: effects to run (selecting the only sale, quitting).
    public mutating func apply(_ event: ConsoleEvent, now: Date) -> [ConsoleEffect] {
        switch event {
        case .snapshot(let snapshot, let receivedAt):
            receive(snapshot, at: receivedAt)
        case .connection(let status):
            connectionChanged(to: status, at: now)
        case .actionFinished(let action, let saleID, let outcome, let at):
            finished(action, saleID: saleID, outcome: outcome, at: at)
        case .sales(let sales):
            return listed(sales, now: now)
        case .salesUnavailable(let problem):
            if selection.saleID == nil { selection = .discovering(problem: problem) }
        case .overview(let sales):
            overview = sales
        case .auditTrail(let entries):
            auditTrail = entries
        case .auditUnavailable(let problem):
            status = StatusMessage("audit trail: \(problem)", tone: .failure)
        case .signedIn(let signIn):
            self.signIn = signIn
        case .quit:
            return [.quit]
        }
        return []
    }

    /// Starts watching a sale: the history of the previous one is dropped.
    public mutating func select(_ saleID: String, now: Date) {
        selection = .selected(saleID)
        live = TelemetryHistory()
        frozen = nil
        events = EventLog()
        connection = .connecting(since: now)
        rateTarget = nil
        seenAlerts = nil
    }

    private mutating func receive(_ snapshot: TelemetrySnapshot, at date: Date) {
        guard snapshot.saleID == selection.saleID else { return }
        live.append(snapshot, at: date)
        events.ingest(snapshot, at: date)
        noteAlerts(snapshot)
        if let target = rateTarget, Int(saturating: snapshot.queue.admitPerSecond.rounded()) == target { rateTarget = nil }
    }

    private mutating func connectionChanged(to status: ConnectionStatus, at now: Date) {
        switch (connection, status) {
        case (.live, .lost(_, let reason, _)):
            events.add(EventEntry(at: now, kind: .link, text: "telemetry lost: \(reason); reconnecting"))
        case (.lost, .live):
            events.add(EventEntry(at: now, kind: .link, text: "telemetry connected again"))
        case (.connecting, .live) where live.latest != nil:
            events.add(EventEntry(at: now, kind: .link, text: "telemetry connected again"))
        case (_, .lost(_, let reason, _)) where live.latest == nil:
            self.status = StatusMessage("no telemetry for \(selection.saleID ?? "the sale"): \(reason); retrying", tone: .failure)
        default:
            break
        }
        connection = status
    }

    private mutating func finished(_ action: ControlAction, saleID: String, outcome: ActionOutcome, at date: Date) {
        switch outcome {
        case .succeeded(let detail):
            let what = detail.map { ": " + $0 } ?? ""
            status = StatusMessage("\(action) on \(saleID): done\(what)", tone: .success)
            events.addResult(EventEntry(at: date, kind: .console, text: "\(action) on \(saleID): ok\(what)", action: action.auditAction))
        case .failed(let reason):
            if action.throttleRate != nil { rateTarget = nil }
            status = StatusMessage("\(action) on \(saleID) failed: \(reason)", tone: .failure)
            events.addResult(EventEntry(at: date, kind: .failure, text: "\(action) on \(saleID): \(reason)", action: action.auditAction))
        }
    }

    private mutating func listed(_ sales: [SaleSummary], now: Date) -> [ConsoleEffect] {
        guard selection.saleID == nil else { return [] }
        switch sales.count {
        case 0:
            selection = .discovering(problem: "no sales yet on \(options.endpoint); waiting for one")
        case 1:
            select(sales[0].id, now: now)
            return [.selectSale(sales[0].id)]
        default:
            var index = 0
            if case .picking(let previous, let highlighted) = selection, highlighted < previous.count {
                index = sales.firstIndex { $0.id == previous[highlighted].id } ?? 0
            }
            selection = .picking(sales, index: index)
        }
        return []
    }
}
