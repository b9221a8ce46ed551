/// The dashboard's panels, in `Tab` order.
public enum PanelID: String, Sendable, Hashable, CaseIterable {
    case queue, inventory, reservations, funnel, bots, health, events

    /// The panel's title.
    public var title: String {
        switch self {
        case .queue: "Queue"
        case .inventory: "Inventory"
        case .reservations: "Reservations"
        case .funnel: "Funnel"
        case .bots: "Bots"
        case .health: "Health"
        case .events: "Events"
        }
    }

    /// The next panel in `Tab` order (or the previous one, `backwards`).
    public func next(backwards: Bool = false) -> PanelID {
        let all = Self.allCases
        let index = all.firstIndex(of: self)!
        return all[(index + (backwards ? all.count - 1 : 1)) % all.count]
    }
}
