import FloodgateRedis
import FloodgateSystem
import FloodgateTesting
import Foundation
import Testing

@Suite("floodgate serve: bad input gets one clear line and a non-zero exit")
struct ServeCommandLineTests {
    @Test("refused before starting", arguments: [
        (["--redis", "http://localhost:6379"], "invalid Redis URL"),
        (["--redis", "redis://localhost:notaport"], "is not a number"),
        (["--listen", "8080"], "--listen must be HOST:PORT"),
        (["--appendfsync", "sometimes"], "--appendfsync must be everysec or always"),
        (["--log-level", "loud"], "--log-level must be one of"),
    ])
    func refusesBadFlags(arguments: [String], message: String) async throws {
        let result = try await FloodgateBinary.run(["serve", "--data-dir", makeScratchDirectory()] + arguments)
        #expect(result.code != 0)
        #expect(Self.lines(result.stderr) == 1, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("an unreachable Redis server")
    func unreachableRedis() async throws {
        let port = FreePort.next()
        let result = try await FloodgateBinary.run(["serve", "--listen", "127.0.0.1:0", "--data-dir", makeScratchDirectory(), "--redis", "redis://127.0.0.1:\(port)"])
        #expect(result.code != 0)
        #expect(Self.lines(result.stderr) == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cannot reach Redis at redis://127.0.0.1:\(port)/0"))
    }

    @Test("a data directory that cannot be written")
    func unwritableDataDirectory() async throws {
        let file = makeScratchDirectory() + "/a-file"
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let result = try await FloodgateBinary.run(["serve", "--listen", "127.0.0.1:0", "--data-dir", file + "/data"])
        #expect(result.code != 0)
        #expect(Self.lines(result.stderr) == 1, "\(result.stderr)")
        #expect(result.stderr.contains("the data directory \(file)/data cannot be written"))
    }

    @Test("redis-server not installed names the package to install")
    func redisServerMissing() async throws {
        let result = try await FloodgateBinary.run(
            ["serve", "--listen", "127.0.0.1:0", "--data-dir", makeScratchDirectory()],
            environment: ["PATH": "/nonexistent"]
        )
        #expect(result.code != 0)
        #expect(result.stderr.contains("redis-server is not installed: install it with 'apt-get install -y redis-server'"), "\(result.stderr)")
    }

    private static func lines(_ text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: true).count
    }
}
