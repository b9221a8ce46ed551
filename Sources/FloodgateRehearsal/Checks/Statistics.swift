import FloodgateCore
import Foundation

/// The tests of the lottery's fairness: is a pre-registration's drawn position independent of
/// when it registered?
enum Statistics {
    /// Spearman's rank correlation of two samples of distinct values, and its two-sided p-value
    /// (normal approximation, `z = rho * sqrt(n - 1)`); nil below 3 pairs.
    static func spearman(_ pairs: [(UInt64, UInt64)]) -> (rho: Double, pValue: Double)? {
        let n = pairs.count
        guard n >= 3 else { return nil }
        let xRanks = ranks(pairs.map(\.0))
        let yRanks = ranks(pairs.map(\.1))
        let squares = zip(xRanks, yRanks).reduce(0.0) { $0 + pow(Double($1.0 - $1.1), 2) }
        let rho = 1 - 6 * squares / (Double(n) * (Double(n) * Double(n) - 1))
        let z = abs(rho) * sqrt(Double(n - 1))
        return (rho, erfc(z / 2.0.squareRoot()))
    }

    /// Pearson's chi-square test of independence on a `k` x `k` table of the pairs' rank bins
    /// (k = 2...5, at least five pairs a cell expected), and its p-value (Wilson-Hilferty
    /// approximation); nil below 20 pairs.
    static func independence(_ pairs: [(UInt64, UInt64)]) -> (chiSquare: Double, pValue: Double)? {
        let n = pairs.count
        let k = min(5, Int(saturating: (Double(n) / 5).squareRoot()))
        guard n >= 20, k >= 2 else { return nil }
        let rows = ranks(pairs.map(\.0)).map { $0 * k / n }
        let columns = ranks(pairs.map(\.1)).map { $0 * k / n }
        var observed = Array(repeating: Array(repeating: 0.0, count: k), count: k)
        for (row, column) in zip(rows, columns) { observed[row][column] += 1 }
        let rowTotals = observed.map { $0.reduce(0, +) }
        let columnTotals = (0..<k).map { column in observed.reduce(0) { $0 + $1[column] } }
        var chiSquare = 0.0
        for row in 0..<k {
            for column in 0..<k {
                let expected = rowTotals[row] * columnTotals[column] / Double(n)
                if expected > 0 { chiSquare += pow(observed[row][column] - expected, 2) / expected }
            }
        }
        return (chiSquare, chiSquareTail(chiSquare, degrees: Double((k - 1) * (k - 1))))
    }

    /// The probability that a chi-square variable with `degrees` exceeds `value`.
    static func chiSquareTail(_ value: Double, degrees: Double) -> Double {
        let scale = 2 / (9 * degrees)
        let z = (pow(value / degrees, 1.0 / 3) - (1 - scale)) / scale.squareRoot()
        return 0.5 * erfc(z / 2.0.squareRoot())
    }

    /// The 0-based rank of each value (values distinct; ties ranked by order).
    private static func ranks(_ values: [UInt64]) -> [Int] {
        var ranks = Array(repeating: 0, count: values.count)
        for (rank, index) in values.indices.sorted(by: { values[$0] < values[$1] }).enumerated() { ranks[index] = rank }
        return ranks
    }
}
