import Hummingbird
import NIOCore

/// The request context of the daemon's routes: Hummingbird's core plus the caller's address
/// (for audit trails and per-source rate limits) and, on admin routes, the operator.
struct FloodgateRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    /// The admin token's holder, once `AdminAuthMiddleware` let the call through.
    var adminIdentity: OperatorIdentity?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
