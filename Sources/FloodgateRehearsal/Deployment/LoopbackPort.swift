import FloodgateSystem

/// Picks TCP ports on 127.0.0.1 for the processes a run starts.
enum LoopbackPort {
    /// A port nothing listens on now, from 20000 to 31999: below the kernel's ephemeral range,
    /// so that no outgoing connection takes it while a killed daemon or Redis is down.
    /// - Parameter taken: ports already handed out to processes not started yet.
    static func pick(avoiding taken: Set<Int> = []) -> Int {
        for _ in 0..<1_000 {
            let port = Int.random(in: 20_000..<32_000)
            if !taken.contains(port), TCPPort.isFreeOnLoopback(port) { return port }
        }
        return Int.random(in: 20_000..<32_000)
    }
}
