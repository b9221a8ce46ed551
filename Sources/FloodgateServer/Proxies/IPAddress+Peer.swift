#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FloodgateCore
import NIOCore

extension IPAddress {
    /// The address of a connection's peer, read from the socket address's bytes (no text round
    /// trip); nil for a Unix domain socket.
    init?(peer: SocketAddress) {
        switch peer {
        case .v4(let address):
            self.init(bytes: withUnsafeBytes(of: address.address.sin_addr) { Array($0) })
        case .v6(let address):
            self.init(bytes: withUnsafeBytes(of: address.address.sin6_addr) { Array($0) })
        case .unixDomainSocket:
            return nil
        }
    }
}
