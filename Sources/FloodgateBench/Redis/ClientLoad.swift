import FloodgateRedis
import Histogram
import Synchronization

/// Drives the Floodgate Redis client with concurrent callers, each calling in a loop.
struct ClientLoad {
    let client: RedisClient
    let callers: Int
    let totalCalls: Int

    /// Runs `totalCalls` calls of `call` spread over `callers` tasks.
    func run(_ call: @escaping @Sendable (Int) async throws -> Void) async -> LoadResult {
        let issued = CallCounter()
        let clock = ContinuousClock()
        let start = clock.now
        let (histogram, errors) = await withTaskGroup(of: (Histogram<UInt64>, Int).self) { group in
            for _ in 0..<callers {
                group.addTask {
                    var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000)
                    var errors = 0
                    while true {
                        let index = issued.next()
                        guard index < totalCalls else { break }
                        let began = clock.now
                        do { try await call(index) } catch { errors += 1 }
                        _ = histogram.record(UInt64(max(1, (clock.now - began).microseconds)))
                    }
                    return (histogram, errors)
                }
            }
            var merged = Histogram<UInt64>(highestTrackableValue: 60_000_000)
            var errors = 0
            for await (histogram, callerErrors) in group {
                merged.add(histogram)
                errors += callerErrors
            }
            return (merged, errors)
        }
        let seconds = (clock.now - start).seconds
        return LoadResult(
            callsPerSecond: Double(totalCalls) / seconds,
            p50Milliseconds: Double(histogram.valueAtPercentile(50)) / 1000,
            p99Milliseconds: Double(histogram.valueAtPercentile(99)) / 1000,
            errors: errors
        )
    }
}

/// Hands out call numbers to the callers.
private final class CallCounter: Sendable {
    private let value = Atomic<Int>(0)

    func next() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var microseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }
}
