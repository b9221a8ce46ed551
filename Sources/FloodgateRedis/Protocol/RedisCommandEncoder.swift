import CHiredis

/// Encodes commands in the Redis protocol with hiredis' `redisFormatCommandArgv`.
enum RedisCommandEncoder {
    /// Formats `arguments` (command name first) and lends the RESP bytes to `body`; they are
    /// freed when it returns.
    static func withEncoded<T>(_ arguments: [String], _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        var storage: [UInt8] = []
        var lengths: [Int] = []
        lengths.reserveCapacity(arguments.count)
        for argument in arguments {
            let utf8 = argument.utf8
            storage.append(contentsOf: utf8)
            lengths.append(utf8.count)
        }
        storage.append(0)  // never an empty array, so its base address is never nil
        var target: UnsafeMutablePointer<CChar>?
        let count = storage.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
            var argv: [UnsafePointer<CChar>?] = []
            argv.reserveCapacity(arguments.count)
            var offset = 0
            for length in lengths {
                argv.append(base + offset)
                offset += length
            }
            return redisFormatCommandArgv(&target, Int32(arguments.count), &argv, lengths)
        }
        defer { if let target { redisFreeCommand(target) } }
        return try body(UnsafeRawBufferPointer(start: target, count: max(0, Int(count))))
    }
}
