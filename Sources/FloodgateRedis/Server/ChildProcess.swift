import Foundation
import NIOConcurrencyHelpers

/// Starts a child process from a dedicated thread that waits for it and lives as long as it.
///
/// - The thread makes `setpriv --pdeathsig` safe: the kernel sends the parent-death signal when
///   the *thread* that started the child ends, and a pool thread may end at any time.
/// - The child gets an empty signal mask and default handlers: Swift's and Dispatch's threads
///   block most signals, and a child inheriting that mask would never see SIGTERM.
/// - Waiting happens with a blocking `waitpid` on that dedicated thread, never on a concurrency
///   or event-loop thread.
enum ChildProcess {
    /// Starts `arguments[0]` (an absolute path) with the rest as arguments.
    /// - Returns: the child's pid; `exit` learns its wait status when it ends.
    static func spawn(_ arguments: [String], exit: ExitWatch) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                let pid: pid_t
                do {
                    pid = try start(arguments)
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                continuation.resume(returning: pid)
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                exit.finish(status: status)
            }
            thread.name = "floodgate-child-\(URL(fileURLWithPath: arguments[0]).lastPathComponent)"
            thread.start()
        }
    }

    private static func start(_ arguments: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &fileActions, &attributes, argv, environ)
        guard result == 0 else {
            throw RedisServerError.cannotStart("\(arguments[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }
}

/// The exit status of a child process, and the tasks waiting for it.
final class ExitWatch: Sendable {
    private let state = NIOLockedValueBox<(status: Int32?, waiters: [CheckedContinuation<Void, Never>])>((nil, []))

    /// The child's wait status once it has ended.
    var status: Int32? { state.withLockedValue { $0.status } }

    func finish(status: Int32) {
        let waiters = state.withLockedValue { state in
            state.status = status
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let done = state.withLockedValue { state in
                if state.status != nil { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
