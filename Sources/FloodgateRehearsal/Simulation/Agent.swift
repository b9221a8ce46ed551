/// Something the simulation wakes at a time it asked for: a shopper, a bot or an attacker.
/// Agents are small state machines on the load generator's event loop, not threads or tasks.
protocol Agent: AnyObject {
    /// Called on the event loop when the agent's timer is due.
    func wake(_ simulation: Simulation)

    /// Whether the agent is past the waiting room (in checkout or attacking): cut off, not
    /// timed out, if the run ends before it is done.
    var isPastQueue: Bool { get }
}
