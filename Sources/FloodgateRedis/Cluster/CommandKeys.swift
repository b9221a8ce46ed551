/// The keys a command touches, as far as routing in a cluster needs them.
enum CommandKeys {
    /// Commands that name no key: a cluster sends them to any primary.
    private static let keyless: Set<String> = [
        "PING", "TIME", "INFO", "ECHO", "SCRIPT", "CLUSTER", "DBSIZE", "CONFIG", "DEBUG", "ROLE", "WAIT",
        "CLIENT", "COMMAND", "LASTSAVE", "MEMORY", "SLOWLOG", "FLUSHALL", "FLUSHDB", "RANDOMKEY",
    ]
    /// Commands of a transaction, which a cluster client refuses (calls share pipelined connections).
    static let transactional: Set<String> = ["MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH"]
    /// Commands whose every argument after the name is a key.
    private static let allKeys: Set<String> = ["DEL", "UNLINK", "EXISTS", "TOUCH", "MGET", "SINTER", "SUNION", "SDIFF"]

    /// The keys of `arguments` (command name first) that decide its slot; empty for a keyless
    /// command. EVAL and EVALSHA give their KEYS; `SCAN ... MATCH pattern` gives the pattern when
    /// it carries a hash tag (every key it can match lives in that tag's slot).
    static func of(_ arguments: [String]) -> [String] {
        guard let name = arguments.first?.uppercased() else { return [] }
        if keyless.contains(name) { return [] }
        if allKeys.contains(name) { return Array(arguments.dropFirst()) }
        switch name {
        case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO":
            guard arguments.count >= 3, let count = Int(arguments[2]), count >= 0, arguments.count >= 3 + count else { return [] }
            return Array(arguments[3..<(3 + count)])
        case "MSET", "MSETNX":
            return stride(from: 1, to: arguments.count, by: 2).map { arguments[$0] }
        case "SCAN":
            guard let match = arguments.firstIndex(where: { $0.uppercased() == "MATCH" }), match + 1 < arguments.count,
                HashSlot.hashTag(of: Array(arguments[match + 1].utf8)).count < arguments[match + 1].utf8.count
            else { return [] }
            return [arguments[match + 1]]
        default:
            return arguments.count > 1 ? [arguments[1]] : []
        }
    }

    /// The one slot every key of `arguments` lives in; nil for a keyless command.
    /// - Throws: ``RedisError/crossSlot(_:)`` when the keys hash to different slots.
    static func slot(of arguments: [String]) throws(RedisError) -> Int? {
        let keys = of(arguments)
        guard let first = keys.first else { return nil }
        let slot = HashSlot.of(first)
        if let other = keys.first(where: { HashSlot.of($0) != slot }) {
            throw .crossSlot("\(arguments.first ?? "") touches '\(first)' (slot \(slot)) and '\(other)' (slot \(HashSlot.of(other))); in a cluster every key of one call must share a hash tag")
        }
        return slot
    }
}
