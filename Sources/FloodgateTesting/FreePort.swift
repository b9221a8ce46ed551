import FloodgateSystem
import Foundation
import NIOConcurrencyHelpers

/// Loopback ports and scratch directories for tests and benchmarks.
public enum FreePort {
    private static let counter = PortCounter()

    /// A TCP port on 127.0.0.1 that nothing listens on at the moment, below the kernel's
    /// ephemeral range (so no outgoing connection takes it meanwhile) and never handed out twice
    /// by this process.
    public static func next() -> Int {
        while true {
            let port = counter.next()
            if TCPPort.isFreeOnLoopback(port) { return port }
        }
    }

    /// A port like ``next()`` whose port + `offset` is free as well (a cluster node's bus port
    /// is its port + 10000).
    public static func next(alsoFreeAt offset: Int) -> Int {
        while true {
            let port = next()
            if TCPPort.isFreeOnLoopback(port + offset) { return port }
        }
    }
}

/// Hands out ports from 20000 to 32000, starting at a random place.
private final class PortCounter: Sendable {
    private let value = NIOLockedValueBox(Int.random(in: 0..<12_000))

    func next() -> Int {
        value.withLockedValue { value in
            value = (value + 1) % 12_000
            return 20_000 + value
        }
    }
}

/// A fresh directory under the system's temporary directory.
public func makeScratchDirectory(_ prefix: String = "floodgate") -> String {
    let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
