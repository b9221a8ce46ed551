import Foundation

/// Picks TCP ports on 127.0.0.1 for the processes a run starts.
enum LoopbackPort {
    /// A port nothing listens on now, from 20000 to 31999: below the kernel's ephemeral range,
    /// so that no outgoing connection takes it while a killed daemon or Redis is down.
    /// - Parameter taken: ports already handed out to processes not started yet.
    static func pick(avoiding taken: Set<Int> = []) -> Int {
        for _ in 0..<1_000 {
            let port = Int.random(in: 20_000..<32_000)
            if !taken.contains(port), isFree(port) { return port }
        }
        return Int.random(in: 20_000..<32_000)
    }

    private static func isFree(_ port: Int) -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
