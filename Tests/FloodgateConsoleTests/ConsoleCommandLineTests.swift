import FloodgateTesting
import Foundation
import Testing

@Suite("floodgate console: bad flags get one line and a non-zero exit")
struct ConsoleCommandLineTests {
    @Test("refused before the screen opens", arguments: [
        (["--connect", "ftp://x:1", "--admin-token", "T"], "--connect 'ftp://x:1': must start with http://"),
        (["--connect", "https://x:1", "--admin-token", "T"], "https is not supported"),
        (["--connect", "http://x:99999", "--admin-token", "T"], "port '99999' is not 1-65535"),
        (["--connect", "http://127.0.0.1:1", "--admin-token-file", "/nonexistent/admin-token"],
         "no admin token: pass --admin-token, set FLOODGATE_ADMIN_TOKEN, or point --admin-token-file at a readable file (/nonexistent/admin-token cannot be read)"),
        (["--admin-token", ""], "the admin token must not be empty"),
        (["--admin-token", "T", "--refresh", "0"], "--refresh must be a number of seconds from 0.1 to 60"),
        (["--admin-token", "T", "--refresh", "soon"], "--refresh must be a number of seconds from 0.1 to 60"),
        (["--admin-token", "T", "--theme-dir", "/nonexistent/themes"], "--theme-dir '/nonexistent/themes' is not a directory"),
        (["--admin-token", "T", "--sale", ""], "--sale must not be empty"),
    ])
    func refusesBadFlags(arguments: [String], message: String) async throws {
        let result = try await FloodgateBinary.run(["console"] + arguments, environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.code != 0)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("without a terminal it says it needs one")
    func needsTerminal() async throws {
        let result = try await FloodgateBinary.run(["console", "--admin-token", "T"])
        #expect(result.code != 0)
        #expect(result.stderr.contains("floodgate console needs a terminal"), "\(result.stderr)")
    }
}
