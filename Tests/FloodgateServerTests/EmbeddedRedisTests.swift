import FloodgateRedis
import FloodgateSystem
import FloodgateTesting
import Foundation
import Testing

@Suite("floodgate serve without --redis: the embedded redis-server")
struct EmbeddedRedisTests {
    @Test("it starts, answers, writes its AOF in the data directory, and goes when the daemon stops", arguments: [SIGTERM, SIGKILL])
    func lifecycle(signal: Int32) async throws {
        let daemon = try await TestDaemon.start()
        let ready = try await HTTPProbe.request("GET", daemon.baseURL + "/ready")
        #expect(ready.status == 200)
        let children = ProcessTable.children(of: daemon.process.pid)
        #expect(children.count == 1)
        let aof = (try? FileManager.default.contentsOfDirectory(atPath: daemon.dataDirectory + "/appendonlydir")) ?? []
        #expect(aof.contains { $0.hasSuffix(".aof") })
        #expect(FileManager.default.fileExists(atPath: daemon.dataDirectory + "/redis.sock"))

        daemon.process.signal(signal)
        let code = await daemon.process.waitUntilExit()
        #expect(code == (signal == SIGTERM ? 0 : 128 + SIGKILL))
        for child in children {
            #expect(await ProcessTable.waitUntilGone(child), "redis-server \(child) outlived the daemon")
        }
    }

    @Test("the embedded redis-server has a process group of its own (a Ctrl-C reaches only the daemon), and a daemon told to stop just after its Redis died still stops")
    func shutdownWhileRestarting() async throws {
        let daemon = try await TestDaemon.start()
        let redis = try #require(ProcessTable.children(of: daemon.process.pid).first)
        #expect(getpgid(redis) == redis)
        #expect(getpgid(redis) != getpgid(daemon.process.pid))

        // What a Ctrl-C did when both shared the terminal's group: Redis gone, then the daemon told to stop.
        kill(redis, SIGKILL)
        try await Task.sleep(for: .milliseconds(20))
        daemon.process.signal(SIGTERM)
        let stopped = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await daemon.process.waitUntilExit(); return true }
            group.addTask { (try? await Task.sleep(for: .seconds(30))) != nil ? false : true }
            let first = await group.next() ?? false
            if !first { daemon.process.signal(SIGKILL) }
            group.cancelAll()
            return first
        }
        #expect(stopped, "the daemon did not stop within 30 s of SIGTERM:\n\(daemon.log)")
    }
}
