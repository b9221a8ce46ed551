import CHiredis
import NIOCore

/// Encodes commands in the Redis protocol with hiredis' `redisFormatCommandArgv`.
enum RedisCommandEncoder {
    /// Appends the RESP encoding of `arguments` (command name first) to `buffer`.
    static func encode(_ arguments: [String], into buffer: inout ByteBuffer) {
        var storage: [UInt8] = []
        var lengths: [Int] = []
        lengths.reserveCapacity(arguments.count)
        for argument in arguments {
            let utf8 = argument.utf8
            storage.append(contentsOf: utf8)
            lengths.append(utf8.count)
        }
        storage.append(0)  // never an empty array, so its base address is never nil
        storage.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
            var argv: [UnsafePointer<CChar>?] = []
            argv.reserveCapacity(arguments.count)
            var offset = 0
            for length in lengths {
                argv.append(base + offset)
                offset += length
            }
            var target: UnsafeMutablePointer<CChar>?
            let count = redisFormatCommandArgv(&target, Int32(arguments.count), &argv, lengths)
            guard count > 0, let target else { return }
            buffer.writeBytes(UnsafeRawBufferPointer(start: target, count: Int(count)))
            redisFreeCommand(target)
        }
    }

    /// The RESP encoding of `arguments` as a new buffer.
    static func encode(_ arguments: [String]) -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(arguments, into: &buffer)
        return buffer
    }
}
