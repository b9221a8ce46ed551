import ArgumentParser

/// `floodgate-bench`: side-by-side benchmarks that print medians and ratios.
@main
struct FloodgateBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floodgate-bench",
        abstract: "Benchmarks for Floodgate, each measured side by side with a reference in one run.",
        subcommands: [RedisBench.self, HTTPBench.self, PeerBench.self]
    )
}
