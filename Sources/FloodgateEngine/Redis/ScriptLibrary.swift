import FloodgateRedis
import Foundation

/// The engine's Lua scripts, loaded from the bundle with `lib.lua` added to each.
///
/// Each script's first line is its shebang (`#!lua` and the flags it needs), which Redis wants
/// first; the loaded source is that line, `lib.lua`, a newline, then the rest of the script:
/// `{ head -n1 name.lua; cat lib.lua; echo; tail -n +2 name.lua; } | sha1sum` gives its SHA-1.
/// Each script's header documents its KEYS, ARGV and reply.
public struct ScriptLibrary: Sendable {
    public let createSale: RedisScript
    public let register: RedisScript
    public let tick: RedisScript
    public let reserve: RedisScript
    public let commitBegin: RedisScript
    public let commitFinish: RedisScript
    public let cancel: RedisScript
    public let expire: RedisScript
    public let control: RedisScript
    public let rollback: RedisScript
    public let refund: RedisScript
    /// The simulated payment gateway's record of an attempt (``SimulatedPaymentGateway``).
    public let gatewayRecord: RedisScript
    /// The bot defense's scripts (`bot_*.lua`).
    public let bots: BotScripts
    /// The guards' scripts (`guard_*.lua`, `vitals_record.lua`).
    public let guards: GuardScripts

    /// Every script, for loading and for readiness checks.
    public var all: [RedisScript] {
        [createSale, register, tick, reserve, commitBegin, commitFinish, cancel, expire, control, rollback, refund, gatewayRecord] + bots.all + guards.all
    }

    /// Reads the scripts from the module's resources.
    /// - Throws: ``ScriptLibraryError`` when a script is missing from the bundle.
    public static func load() throws -> ScriptLibrary {
        let lib = try source("lib")
        func script(_ name: String) throws -> RedisScript {
            let text = try source(name)
            guard text.hasPrefix("#!lua"), let end = text.firstIndex(of: "\n") else { throw ScriptLibraryError(name: name) }
            return RedisScript(name: name, source: String(text[...end]) + lib + "\n" + String(text[text.index(after: end)...]),
                               awaitsReplicas: movesStock.contains(name))
        }
        return ScriptLibrary(
            createSale: try script("create_sale"),
            register: try script("register"),
            tick: try script("tick"),
            reserve: try script("reserve"),
            commitBegin: try script("commit_begin"),
            commitFinish: try script("commit_finish"),
            cancel: try script("cancel"),
            expire: try script("expire"),
            control: try script("control"),
            rollback: try script("rollback"),
            refund: try script("refund"),
            gatewayRecord: try script("gateway_record"),
            bots: BotScripts(
                record: try script("bot_record"), read: try script("bot_read"),
                act: try script("bot_act"), evict: try script("bot_evict"), unhold: try script("bot_unhold"),
                change: try script("bot_block"), state: try script("bot_state"), report: try script("bot_report")
            ),
            guards: GuardScripts(lease: try script("guard_lease"), track: try script("guard_track"), vitals: try script("vitals_record"),
                                 acknowledge: try script("alert_ack"))
        )
    }

    /// The scripts that move stock or money (the simulated gateway's record too), which wait for
    /// replicas under `--redis-wait-replicas`.
    static let movesStock: Set<String> = ["reserve", "commit_begin", "commit_finish", "cancel", "expire", "rollback", "refund", "gateway_record"]

    private static func source(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "lua", subdirectory: "Scripts"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw ScriptLibraryError(name: name) }
        return text
    }
}

/// A Lua script missing from the installed bundle, or without its `#!lua` first line.
public struct ScriptLibraryError: Error, CustomStringConvertible {
    public let name: String
    public var description: String { "the Lua script \(name).lua is missing from the FloodgateEngine bundle or lacks its #!lua line" }
}

/// The bot defense's scripts (a registration's origin is recorded by `register.lua` itself).
public struct BotScripts: Sendable {
    public let record, read, act, evict, unhold, change, state, report: RedisScript

    var all: [RedisScript] { [record, read, act, evict, unhold, change, state, report] }
}

/// The guards' scripts.
public struct GuardScripts: Sendable {
    public let lease, track, vitals, acknowledge: RedisScript

    var all: [RedisScript] { [lease, track, vitals, acknowledge] }
}
