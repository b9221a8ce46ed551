/// How the crowd reaches the daemons.
public enum ShopperNetwork: String, Sendable, Decodable {
    /// Straight from the internet: every shopper, office and bot operator address sends from its
    /// own loopback address (the socket is bound to it), so the daemons see distinct peers, at
    /// the price of many short-lived connections when the crowd is large.
    case direct
    /// Behind a load balancer, as a big sale is: the load generator's keep-alive connections
    /// carry every shopper's address in `X-Forwarded-For`, and `--spawn` starts the daemons with
    /// `--trust-forwarded-for --trusted-proxies 127.0.0.1` (the balancer's own address).
    case loadBalancer = "load_balancer"

    /// The daemon flags this network needs.
    var serveArguments: [String] {
        switch self {
        case .direct: []
        case .loadBalancer: ["--trust-forwarded-for", "--trusted-proxies", "127.0.0.1"]
        }
    }
}
