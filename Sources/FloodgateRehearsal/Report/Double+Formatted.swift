import Foundation

extension Double {
    /// The number with `decimals` digits after the point.
    func formatted(decimals: Int) -> String {
        String(format: "%.\(decimals)f", self)
    }
}
