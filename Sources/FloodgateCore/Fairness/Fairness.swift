/// How a sale orders its queue.
public enum Fairness: String, Sendable, Hashable, Codable, CaseIterable {
    /// First in, first out: admission order equals registration order.
    case fifo
    /// Registrations made before the start are shuffled once by a `LotteryDraw` from a committed seed;
    /// later registrations queue behind them in arrival order.
    case lottery
}
