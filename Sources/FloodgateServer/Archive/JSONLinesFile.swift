import FloodgateEngine
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON Lines file written off the event loops and the concurrency threads (on NIO's thread
/// pool): created as `<path>.part`, renamed to `<path>` once complete and synced.
struct JSONLinesFile: Sendable {
    /// The final path.
    let path: String
    private let descriptor: Int32

    /// Creates (or truncates) `<path>.part`, mode 0640.
    static func create(_ path: String) async throws -> JSONLinesFile {
        try await NIOThreadPool.singleton.runIfActive {
            let fd = open(path + ".part", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
            guard fd >= 0 else { throw ArchiveFileError(path: path, operation: "create", code: errno) }
            return JSONLinesFile(path: path, descriptor: fd)
        }
    }

    /// Appends one line per record: a JSON object of its fields, every value a string.
    func append(_ records: [ArchiveRecord]) async throws {
        guard !records.isEmpty else { return }
        var text = ""
        for record in records {
            text += "{" + record.map { JSONText.quote($0.name) + ":" + JSONText.quote($0.value) }.joined(separator: ",") + "}\n"
        }
        let bytes = Array(text.utf8)
        let (fd, path) = (descriptor, path)
        try await NIOThreadPool.singleton.runIfActive {
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw ArchiveFileError(path: path, operation: "write", code: errno) }
                offset += written
            }
        }
    }

    /// Syncs, closes and renames the file to its final path.
    func finish() async throws {
        let (fd, path) = (descriptor, path)
        try await NIOThreadPool.singleton.runIfActive {
            let synced = fsync(fd)
            close(fd)
            guard synced == 0 else { throw ArchiveFileError(path: path, operation: "sync", code: errno) }
            guard rename(path + ".part", path) == 0 else { throw ArchiveFileError(path: path, operation: "rename", code: errno) }
        }
    }

    /// Closes and removes the partial file after a failure.
    func discard() async {
        let (fd, path) = (descriptor, path)
        _ = try? await NIOThreadPool.singleton.runIfActive {
            close(fd)
            unlink(path + ".part")
        }
    }

    /// Creates `directory` and its parents (mode 0750).
    static func makeDirectory(_ directory: String) async throws {
        try await NIOThreadPool.singleton.runIfActive {
            var path = ""
            for component in directory.split(separator: "/") {
                path += "/" + component
                if mkdir(path, 0o750) != 0 && errno != EEXIST {
                    throw ArchiveFileError(path: path, operation: "mkdir", code: errno)
                }
            }
        }
    }
}

/// A file of the archive could not be written.
struct ArchiveFileError: Error, CustomStringConvertible {
    let path: String
    let operation: String
    let code: Int32

    var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
}
