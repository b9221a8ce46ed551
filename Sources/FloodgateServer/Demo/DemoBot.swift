import FloodgateHTTPClient

/// A bot of the demo: registers from the bots' one address and polls its status ten times a
/// second, ignoring `poll_after_ms`, so that the bot defense has someone to score. Reserves when
/// admitted, never buys; starts over under a new name when its session ends.
struct DemoBot {
    let name: String
    let target: DemoTarget
    let skus: [String]

    /// Runs until cancelled.
    func run() async {
        var round = 0
        while !Task.isCancelled {
            round += 1
            if let connection = try? await target.connect(from: DemoTraffic.botSource) {
                try? await session("\(name)-\(round)", api: DemoAPI(connection: connection, saleID: DemoTraffic.saleID, browser: .bot))
                connection.close()
            }
            try? await Task.sleep(for: .seconds(5))
        }
    }

    private func session(_ user: String, api: DemoAPI) async throws {
        guard let token = try await api.register(user) else { return }
        for _ in 0..<600 {
            let (state, _) = try await api.status(token)
            if state == "admitted" { _ = try await api.reserve(token, sku: skus.randomElement()!) }
            guard state == "waiting" || state == "pre_registered" else { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
