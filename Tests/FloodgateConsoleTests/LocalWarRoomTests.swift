import FloodgateSystem
import FloodgateTesting
import Foundation
import Testing

/// `floodgate` alone, as a new user runs it: the local war room, reached from a second terminal.
@Suite("floodgate alone: a local war room a second terminal can use", .serialized)
struct LocalWarRoomTests {
    @Test("--quiet: the empty demo sale; it listens on 8080 or the next free port, keeps its admin token in a 0600 file and off every command line; a second console and curl reach it; q stops it")
    func secondTerminal() async throws {
        let home = makeScratchDirectory("warroom")
        let warRoom = try await TmuxSession.start(["/bin/sh", "-c", "cd '\(home)' && exec '\(FloodgateBinary.path)' --quiet"])
        var second: TmuxSession?
        do {
            let screen = try await warRoom.waitFor(" RUNNING ", seconds: 60)
            let port = try #require(Self.localPort(on: screen), "the status line names the daemon's address")
            #expect(8080...8099 ~= port)
            let tokenFile = home + "/.floodgate/admin-token"
            let permissions = try FileManager.default.attributesOfItem(atPath: tokenFile)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
            let token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(Self.commandLinesHolding(token).isEmpty, "no process shows the admin token in ps")
            let sales = try await HTTPProbe.request("GET", "http://127.0.0.1:\(port)/admin/sales", headers: ["Authorization": "Bearer \(token)"])
            #expect(sales.status == 200 && sales.text.contains("\"demo\""), "\(sales.status) \(sales.text)")
            // A second terminal in the same directory: the console finds the token file by itself.
            let connect = port == 8080 ? "" : " --connect http://127.0.0.1:\(port)"
            second = try await TmuxSession.start(["/bin/sh", "-c", "cd '\(home)' && exec '\(FloodgateBinary.path)' console\(connect)"])
            try await second?.waitFor(" RUNNING ", seconds: 30)
            try await warRoom.send("q")
            try await Self.waitUntilFree(port)
        } catch {
            await second?.kill()
            await warRoom.kill()
            throw error
        }
        await second?.kill()
        await warRoom.kill()
    }

    /// The port of the `http://127.0.0.1:PORT` the screen shows.
    static func localPort(on screen: String) -> Int? {
        guard let range = screen.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression) else { return nil }
        return Int(screen[range].split(separator: ":").last ?? "")
    }

    /// The processes whose command line contains `secret`.
    static func commandLinesHolding(_ secret: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
            return line.contains(secret) ? "\(pid): \(line)" : nil
        }
    }

    /// Waits until nothing listens on the port any more: the daemon stopped with the console.
    static func waitUntilFree(_ port: Int) async throws {
        for _ in 0..<200 {
            if TCPPort.isFreeOnLoopback(port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the daemon still listens on \(port) after q")
    }
}
