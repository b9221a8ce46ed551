extension RedisClientConfiguration {
    /// The scheme of a cluster URL: `redis+cluster://[[user]:password@]host:port[,host:port...]`.
    public static let clusterScheme = "redis+cluster://"

    /// A configuration for a single server (`redis://`, `unix://`) or a cluster (`redis+cluster://`
    /// with one or more seed nodes, which share the URL's user and password).
    /// - Throws: ``RedisEndpointError`` naming what is wrong with the URL.
    public init(url: String) throws(RedisEndpointError) {
        guard url.hasPrefix(Self.clusterScheme) else {
            self.init(endpoint: try RedisEndpoint(url: url))
            return
        }
        let seeds = try Self.clusterSeeds(url)
        self.init(endpoint: seeds[0])
        clusterSeeds = seeds
    }

    /// A short text for logs and errors, without the password: the endpoint, or the cluster's seeds.
    public var displayName: String {
        guard !clusterSeeds.isEmpty else { return endpoint.displayName }
        return Self.clusterScheme + clusterSeeds.map { seed in
            if case .tcp(let host, let port) = seed.address { return ClusterNodeAddress(host: host, port: port).description }
            return seed.displayName
        }.joined(separator: ",")
    }

    private static func clusterSeeds(_ url: String) throws(RedisEndpointError) -> [RedisEndpoint] {
        var rest = Substring(url.dropFirst(clusterScheme.count))
        var credentials = ""
        if let at = rest.lastIndex(of: "@") {
            credentials = String(rest[...at])
            rest = rest[rest.index(after: at)...]
        }
        if rest.contains("/") || rest.contains("?") {
            throw RedisEndpointError(url: url, reason: "a cluster URL names only host:port seeds (a cluster has one database, and no unix sockets)")
        }
        let hosts = rest.split(separator: ",", omittingEmptySubsequences: false)
        guard !hosts.isEmpty, hosts.allSatisfy({ !$0.isEmpty }) else {
            throw RedisEndpointError(url: url, reason: "list one or more seed nodes as host:port, separated by commas")
        }
        var seeds: [RedisEndpoint] = []
        for host in hosts {
            do {
                seeds.append(try RedisEndpoint(url: "redis://" + credentials + host))
            } catch {
                throw RedisEndpointError(url: url, reason: error.reason)
            }
        }
        return seeds
    }
}
