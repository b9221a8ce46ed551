import Hummingbird
import NIOCore

/// The request context of the daemon's routes: Hummingbird's core plus the caller's address
/// (for audit trails and per-source rate limits).
struct FloodgateRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
