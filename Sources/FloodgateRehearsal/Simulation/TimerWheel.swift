import NIOCore

/// Timers for tens of thousands of agents: a ring of slots of `tick` each; an agent is put in
/// the slot of its due tick and handed back once that tick has passed. O(1) to schedule, one
/// event-loop timer for all of them. Timers further out than the ring wait their turn round.
struct TimerWheel {
    private let origin: NIODeadline
    private let tickNanoseconds: Int64
    private var slots: [[(due: Int64, agent: any Agent)]]
    /// The last tick handed back.
    private var current: Int64 = -1
    /// Agents waiting.
    private(set) var count = 0

    /// A wheel whose tick 0 starts at `origin`.
    init(origin: NIODeadline, tick: TimeAmount = .milliseconds(10), slotCount: Int = 4_096) {
        self.origin = origin
        self.tickNanoseconds = max(tick.nanoseconds, 1)
        self.slots = Array(repeating: [], count: slotCount)
    }

    /// Wakes `agent` at `deadline` (at the next tick when it has passed).
    mutating func schedule(_ agent: any Agent, at deadline: NIODeadline) {
        let due = max(tick(of: deadline), current + 1)
        slots[slot(of: due)].append((due, agent))
        count += 1
    }

    /// The agents due by `now`, in tick order; they leave the wheel.
    mutating func advance(to now: NIODeadline) -> [any Agent] {
        let target = tick(of: now)
        var due: [any Agent] = []
        while current < target {
            current += 1
            let index = slot(of: current)
            guard !slots[index].isEmpty else { continue }
            let entries = slots[index]
            slots[index].removeAll(keepingCapacity: true)
            for entry in entries {
                if entry.due <= current { due.append(entry.agent) } else { slots[index].append(entry) }
            }
        }
        count -= due.count
        return due
    }

    /// Every agent still waiting; the wheel is empty afterwards.
    mutating func removeAll() -> [any Agent] {
        let agents = slots.flatMap { $0.map(\.agent) }
        slots = Array(repeating: [], count: slots.count)
        count = 0
        return agents
    }

    private func tick(of deadline: NIODeadline) -> Int64 {
        let offset = Int64(deadline.uptimeNanoseconds) - Int64(origin.uptimeNanoseconds)
        return offset <= 0 ? 0 : (offset + tickNanoseconds - 1) / tickNanoseconds
    }

    private func slot(of tick: Int64) -> Int {
        Int(tick % Int64(slots.count))
    }
}
