/// What Redis `--spawn` starts for the daemons.
public enum RedisTopology: String, Sendable, CaseIterable {
    /// One `redis-server`, its AOF synced on every write (so that kills prove durability).
    case single
    /// A local Redis Cluster: three primaries, three replicas, `cluster-node-timeout` 1 s (so
    /// that a `failover` fault's replica takes over quickly); the daemons get `--redis redis+cluster://...`.
    case cluster
}

extension RedisTopology: Decodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let topology = Self(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expected one of \(Self.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(text)\""))
        }
        self = topology
    }
}
