import FloodgateCore
extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// A duration of `seconds`.
    static func seconds(fractional seconds: Double) -> Duration {
        .milliseconds(Int64(saturating: (seconds * 1_000).rounded()))
    }
}
