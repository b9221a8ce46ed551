/// One measured run: throughput and latency percentiles.
struct LoadResult: Sendable {
    var callsPerSecond: Double
    var p50Milliseconds: Double
    var p99Milliseconds: Double
    var errors: Int = 0
}

extension Array where Element == Double {
    /// The median; the mean of the two middle values for an even count.
    var median: Double {
        guard !isEmpty else { return 0 }
        let sorted = self.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}

extension Array where Element == LoadResult {
    /// The median of each figure over the runs.
    var medians: LoadResult {
        LoadResult(
            callsPerSecond: map(\.callsPerSecond).median,
            p50Milliseconds: map(\.p50Milliseconds).median,
            p99Milliseconds: map(\.p99Milliseconds).median,
            errors: map(\.errors).reduce(0, +)
        )
    }
}
