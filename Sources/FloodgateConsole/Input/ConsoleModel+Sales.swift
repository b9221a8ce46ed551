import Foundation

extension ConsoleModel {
    /// `:sale ID`: watch another sale (its history starts afresh).
    mutating func switchSale(to saleID: String, now: Date) -> [ConsoleEffect] {
        guard saleID != selection.saleID else { return [] }
        select(saleID, now: now)
        status = StatusMessage("watching \(saleID)")
        return [.selectSale(saleID)]
    }

    /// `S`: the sales overview, read afresh.
    mutating func openOverview() -> [ConsoleEffect] {
        let current = overview?.firstIndex { $0.id == selection.saleID } ?? 0
        mode = .sales(current)
        return [.loadOverview]
    }

    /// Keys in the overview: ↑ ↓ move, `Enter` watches the highlighted sale, `r` reads again,
    /// `Esc`, `q` and `S` go back.
    mutating func handleOverview(_ key: Key, index: Int, now: Date) -> [ConsoleEffect] {
        let count = overview?.count ?? 0
        switch key {
        case .up: mode = .sales(max(0, index - 1))
        case .down: mode = .sales(max(0, min(count - 1, index + 1)))
        case .character("r"): return [.loadOverview]
        case .enter:
            guard let sales = overview, sales.indices.contains(index) else { return [] }
            mode = .normal
            return switchSale(to: sales[index].id, now: now)
        case .escape, .character("q"), .character("S"): mode = .normal
        default: break
        }
        return []
    }
}
