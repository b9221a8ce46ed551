/// A cluster node's address, as the cluster announces it.
public struct ClusterNodeAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` (the form MOVED and ASK name a node in; IPv6 hosts keep their colons).
    init?(_ text: some StringProtocol) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else { return nil }
        self.init(host: String(text[..<colon]), port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Which primary serves each hash slot, and each primary's replicas, from `CLUSTER SLOTS`.
struct ClusterTopology: Sendable {
    /// The primary of each slot (nil where no node serves it).
    private(set) var owners: [ClusterNodeAddress?]
    /// The replicas of each primary.
    private(set) var replicas: [ClusterNodeAddress: [ClusterNodeAddress]] = [:]

    init() {
        owners = Array(repeating: nil, count: HashSlot.count)
    }

    /// Parses a `CLUSTER SLOTS` reply: `[[start, end, [host, port, id, ...], [replica]...]...]`.
    /// - Parameter announcedBy: the node asked, whose address stands in for an empty host.
    /// - Throws: ``RedisError/unexpectedReply(_:)`` when the reply has another shape.
    init(clusterSlots reply: RedisReply, announcedBy node: ClusterNodeAddress) throws(RedisError) {
        self.init()
        guard let ranges = reply.array else { throw .unexpectedReply("CLUSTER SLOTS: \(reply)") }
        for range in ranges {
            guard let fields = range.array, fields.count >= 3, let start = fields[0].int, let end = fields[1].int,
                0 <= start, start <= end, end < HashSlot.count
            else { throw .unexpectedReply("CLUSTER SLOTS range: \(range)") }
            let nodes = try fields[2...].map { field throws(RedisError) in try Self.address(field, announcedBy: node) }
            for slot in Int(start)...Int(end) { owners[slot] = nodes[0] }
            replicas[nodes[0], default: []] = Array(Set(replicas[nodes[0], default: []] + nodes.dropFirst()))
        }
    }

    private static func address(_ field: RedisReply, announcedBy node: ClusterNodeAddress) throws(RedisError) -> ClusterNodeAddress {
        guard let parts = field.array, parts.count >= 2, let host = parts[0].string, let port = parts[1].int else {
            throw .unexpectedReply("CLUSTER SLOTS node: \(field)")
        }
        // An empty host or "?" means "the address you reached me at" (a node behind NAT, or unknown).
        return ClusterNodeAddress(host: host.isEmpty || host == "?" ? node.host : host, port: Int(port))
    }

    /// The primaries, in slot order.
    var primaries: [ClusterNodeAddress] {
        var seen: Set<ClusterNodeAddress> = []
        return owners.compactMap { $0 }.filter { seen.insert($0).inserted }
    }

    /// How many slots some primary serves.
    var coveredSlots: Int { owners.count { $0 != nil } }

    /// Records that `slot` has moved to `node` (a MOVED reply).
    mutating func move(slot: Int, to node: ClusterNodeAddress) {
        owners[slot] = node
    }
}
