/// Invariant 1, no oversell: per SKU, `initial + added = available + reserved + sold` with
/// nothing negative, the ledger's commits (less refunds) agreeing with `sold`, and nothing sold
/// beyond the stock.
enum StockCheck {
    static func evaluate(_ snapshot: RedisSnapshot, skus: [String]) -> StockSection {
        var ledgerSold: [String: Int] = [:]
        for entry in snapshot.ledger {
            if entry.op == "commit" { ledgerSold[entry.sku, default: 0] += entry.qty }
            if entry.op == "refund" { ledgerSold[entry.sku, default: 0] -= entry.qty }
        }
        let stocks = skus.map { sku in
            let figure = { (column: String) in Int(snapshot.inventory[sku + "|" + column] ?? "") ?? 0 }
            return SKUStock(sku: sku, initial: figure("initial"), added: figure("added"), available: figure("available"),
                            reserved: figure("reserved"), sold: figure("sold"), ledgerSold: ledgerSold[sku] ?? 0)
        }
        return StockSection(
            skus: stocks,
            unitsOnSale: stocks.reduce(0) { $0 + $1.initial + $1.added },
            unitsSold: stocks.reduce(0) { $0 + $1.sold },
            oversoldUnits: stocks.reduce(0) { $0 + max(0, max($1.sold, $1.ledgerSold) - $1.initial - $1.added) },
            violations: stocks.flatMap(violations)
        )
    }

    private static func violations(_ stock: SKUStock) -> [String] {
        var found: [String] = []
        if stock.initial + stock.added != stock.available + stock.reserved + stock.sold {
            found.append("\(stock.sku): initial \(stock.initial) + added \(stock.added) != available \(stock.available) + reserved \(stock.reserved) + sold \(stock.sold)")
        }
        if min(stock.available, stock.reserved, stock.sold) < 0 {
            found.append("\(stock.sku): a negative figure (available \(stock.available), reserved \(stock.reserved), sold \(stock.sold))")
        }
        if stock.ledgerSold != stock.sold {
            found.append("\(stock.sku): the ledger's commits less refunds are \(stock.ledgerSold), the inventory says sold \(stock.sold)")
        }
        return found
    }
}
