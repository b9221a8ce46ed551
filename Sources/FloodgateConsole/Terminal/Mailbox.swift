import Synchronization

/// Where the network side leaves ``ConsoleEvent``s for the screen's thread, which collects them
/// between key reads. Lock-protected; posting never blocks for long.
public final class Mailbox: Sendable {
    private let events = Mutex<[ConsoleEvent]>([])

    /// An empty mailbox.
    public init() {}

    /// Leaves an event.
    public func post(_ event: ConsoleEvent) {
        events.withLock { $0.append(event) }
    }

    /// Takes every event left so far, oldest first.
    public func drain() -> [ConsoleEvent] {
        events.withLock { events in
            defer { events.removeAll(keepingCapacity: true) }
            return events
        }
    }
}
