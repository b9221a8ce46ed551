import FloodgateRedis
import Foundation

/// The daemon's Lua scripts as nginx calls them: by the SHA1 the daemon loaded them under
/// (the script's `#!lua` line, `lib.lua`, a newline, then the rest of the script, as
/// `ScriptLibrary` builds it).
enum PeerScripts {
    struct SHAs {
        let register: String
        let reserve: String
    }

    /// The SHAs of register.lua and reserve.lua in `folder` (the daemon's
    /// `Sources/FloodgateEngine/Scripts`), hashed by Redis itself.
    /// - Throws: unless Redis already holds both under those SHAs (loaded by the daemon): then
    ///   the folder and the binary agree, and both sides run the same scripts.
    static func loaded(from folder: String, socket: String) async throws -> SHAs {
        let redis = RedisClient(configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: "unix://\(socket)")))
        try await redis.connect()
        defer { redis.shutdown() }
        let shas = SHAs(register: try await sha(folder, "register", redis), reserve: try await sha(folder, "reserve", redis))
        let reply = try await redis.send(["SCRIPT", "EXISTS", shas.register, shas.reserve])
        guard reply == .array([.integer(1), .integer(1)]) else {
            throw BenchError("Redis does not hold register/reserve under the daemon's SHA (shebang, lib.lua, the rest): \(folder) differs from the binary's scripts")
        }
        return shas
    }

    private static func sha(_ folder: String, _ name: String, _ redis: RedisClient) async throws -> String {
        guard let lib = try? String(contentsOfFile: folder + "/lib.lua", encoding: .utf8),
            let script = try? String(contentsOfFile: folder + "/\(name).lua", encoding: .utf8)
        else { throw BenchError("no \(name).lua and lib.lua in \(folder) (run from the project root)") }
        guard let end = script.firstIndex(of: "\n") else { throw BenchError("\(name).lua has no #!lua line") }
        let source = String(script[...end]) + lib + "\n" + String(script[script.index(after: end)...])
        let reply = try await redis.send(["EVAL", "return redis.sha1hex(ARGV[1])", "0", source])
        guard let sha = reply.string, sha.count == 40 else { throw BenchError("sha1hex of \(name).lua: \(reply)") }
        return sha
    }
}
