import Foundation

/// Runs a program the way a shell would: an empty signal mask and default signal handlers.
///
/// The test runner's threads block most signals and Foundation's `Process` passes that mask on;
/// a tmux server started with it never sees SIGCHLD and never exits, and neither does a console
/// that cannot receive SIGHUP. `posix_spawn` with `SETSIGMASK` and `SETSIGDEF` starts clean.
enum CleanSpawn {
    /// Runs `arguments[0]` (an absolute path) to completion.
    /// - Parameter capture: whether to return what it wrote to standard output and error.
    /// - Returns: its output (empty when not captured).
    static func run(_ arguments: [String], capture: Bool) async throws -> String {
        let outputPath = capture ? NSTemporaryDirectory() + "spawn-\(UUID().uuidString.prefix(8))" : "/dev/null"
        let pid = try spawn(arguments, outputPath: outputPath)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1, errno == EINTR {}
                continuation.resume()
            }.start()
        }
        guard capture else { return "" }
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    private static func spawn(_ arguments: [String], outputPath: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else { throw CleanSpawnError(program: arguments[0], code: result) }
        return pid
    }
}

/// A program could not be started.
struct CleanSpawnError: Error, CustomStringConvertible {
    let program: String
    let code: Int32
    var description: String { "cannot start \(program): error \(code)" }
}
