import Foundation
import NIOConcurrencyHelpers

/// A child process started from a dedicated thread that waits for it and lives as long as it.
///
/// - The thread makes `setpriv --pdeathsig` safe: the kernel sends the parent-death signal when
///   the *thread* that started the child ends, and a pool thread may end at any time.
/// - The child gets an empty signal mask and default handlers: Swift's and Dispatch's threads
///   block most signals, and a child inheriting that mask would never see SIGTERM.
/// - Waiting is a blocking `waitpid` on that dedicated thread, never on a concurrency or
///   event-loop thread.
public final class ChildProcess: Sendable {
    /// The child's process id.
    public let pid: Int32
    private let exit: ExitWatch

    private init(pid: Int32, exit: ExitWatch) {
        self.pid = pid
        self.exit = exit
    }

    /// Starts `arguments[0]` (an absolute path) with the rest as its arguments.
    /// - Parameters:
    ///   - environment: the child's environment; this process' own when nil.
    ///   - standardOutput: a file that receives the child's standard output; /dev/null when nil.
    ///   - standardError: a file that receives its standard error; this process' own when nil.
    ///   - ownProcessGroup: start the child in a process group of its own, so that the signals a
    ///     terminal sends to its foreground group (Ctrl-C) reach this process only, which then
    ///     stops the child in its own time.
    /// - Throws: ``ChildProcessError`` when the executable cannot be started.
    public static func spawn(
        _ arguments: [String],
        environment: [String: String]? = nil,
        standardOutput: String? = nil,
        standardError: String? = nil,
        ownProcessGroup: Bool = false
    ) async throws -> ChildProcess {
        let exit = ExitWatch()
        let launch = Launch(arguments: arguments, environment: environment, standardOutput: standardOutput, standardError: standardError,
                            ownProcessGroup: ownProcessGroup)
        let pid: Int32 = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                let pid: pid_t
                do {
                    pid = try launch.start()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                continuation.resume(returning: pid)
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                exit.finish(status: status)
            }
            thread.name = "child-" + URL(fileURLWithPath: arguments[0]).lastPathComponent
            thread.start()
        }
        return ChildProcess(pid: pid, exit: exit)
    }

    /// Whether the child is still running.
    public var isRunning: Bool { exit.status == nil }

    /// How the child ended: its exit code, or 128 + the signal that killed it; nil while it runs.
    public var exitCode: Int32? { exit.status.map(Self.decode) }

    /// Sends a signal to the child (SIGTERM, SIGKILL...), if it still runs.
    public func signal(_ signal: Int32) {
        if isRunning { Foundation.kill(pid, signal) }
    }

    /// Waits until the child has ended.
    /// - Returns: its exit code, or 128 + the signal that killed it.
    @discardableResult
    public func waitUntilExit() async -> Int32 {
        await exit.wait()
        return exitCode ?? -1
    }

    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// Why a child process could not be started.
public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// What `posix_spawn` needs, built on the child's own thread.
private struct Launch: Sendable {
    let arguments: [String]
    let environment: [String: String]?
    let standardOutput: String?
    let standardError: String?
    let ownProcessGroup: Bool

    func start() throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if ownProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, standardOutput ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let standardError {
            posix_spawn_file_actions_addopen(&fileActions, 2, standardError, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        }

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result: Int32
        if let environment {
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { envp.forEach { free($0) } }
            result = posix_spawn(&pid, arguments[0], &fileActions, &attributes, argv, envp)
        } else {
            result = posix_spawn(&pid, arguments[0], &fileActions, &attributes, argv, environ)
        }
        guard result == 0 else {
            throw ChildProcessError(description: "\(arguments[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }
}

/// The wait status of a child process, and the tasks waiting for it.
private final class ExitWatch: Sendable {
    private let state = NIOLockedValueBox<(status: Int32?, waiters: [CheckedContinuation<Void, Never>])>((nil, []))

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
