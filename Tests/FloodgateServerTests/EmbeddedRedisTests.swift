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
}
