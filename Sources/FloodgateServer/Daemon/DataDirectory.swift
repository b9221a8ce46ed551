import Crypto
import Foundation
import Logging

/// The daemon's data directory: the embedded Redis' files and the secrets the daemon generates.
struct DataDirectory: Sendable {
    /// The directory's absolute path.
    let path: String

    /// Creates the directory if needed and checks that it can be written.
    /// - Throws: ``DaemonError`` naming the directory when it cannot be created or written.
    static func prepare(_ path: String) throws -> DataDirectory {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let probe = absolute + "/.write-check"
        do {
            try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: true)
            try Data().write(to: URL(fileURLWithPath: probe))
            try FileManager.default.removeItem(atPath: probe)
        } catch {
            throw DaemonError("the data directory \(absolute) cannot be written: \(reason(error))")
        }
        // A unix socket path has at most 107 bytes; the embedded Redis' socket lives here.
        guard absolute.utf8.count + "/redis.sock".utf8.count <= 107 else {
            throw DaemonError("the data directory path \(absolute) is too long for a unix socket (at most 96 bytes)")
        }
        return DataDirectory(path: absolute)
    }

    /// The admin token: the configured one, else the one generated before, else a new one
    /// written (mode 0600) to `admin-token` in the directory.
    func adminToken(configured: String?, logger: Logger) throws -> String {
        if let configured, !configured.isEmpty { return configured }
        let file = path + "/admin-token"
        if let saved = try? String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
            !saved.isEmpty
        {
            logger.info("admin token read from \(file)")
            return saved
        }
        let token = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        guard FileManager.default.createFile(atPath: file, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DaemonError("cannot write the admin token to \(file)")
        }
        logger.notice("generated an admin token and wrote it to \(file)")
        return token
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
