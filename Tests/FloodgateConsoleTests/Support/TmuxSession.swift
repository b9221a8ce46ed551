import Foundation

/// A detached tmux server of its own (a unique `-L` socket) running one command in a pane of a
/// fixed size: send it keys, read the screen back, resize it, kill the server.
struct TmuxSession {
    let socket: String

    /// Starts `command` in a new `width` x `height` session, with a UTF-8 locale and colours on
    /// (`swift test` may set `NO_COLOR`).
    static func start(_ command: [String], width: Int = 120, height: Int = 40) async throws -> TmuxSession {
        let session = TmuxSession(socket: "fg-console-\(UUID().uuidString.prefix(8))")
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let environment = ["LANG=C.UTF-8", "LC_ALL=C.UTF-8", "NO_COLOR="].flatMap { ["-e", $0] }
        try await session.tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)"] + environment + [quoted], output: false)
        return session
    }

    /// Sends keys by tmux name (`Enter`, `Tab`, `Escape`) or as single characters.
    func send(_ keys: String...) async throws {
        try await tmux(["send-keys", "-t", "0"] + keys)
    }

    /// Types text literally.
    func type(_ text: String) async throws {
        try await tmux(["send-keys", "-t", "0", "-l", text])
    }

    /// The pane's text now.
    func capture() async throws -> String {
        try await tmux(["capture-pane", "-p", "-t", "0"])
    }

    /// Waits until the pane shows `text`.
    /// - Returns: the pane's text at that moment.
    /// - Throws: ``TmuxTimeout`` with the last screen when it never does.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 20) async throws -> String {
        try await waitUntil("the screen to show '\(text)'", seconds: seconds) { $0.contains(text) }
    }

    /// Waits until the pane's text passes `check`.
    @discardableResult
    func waitUntil(_ what: String, seconds: Double = 20, _ check: (String) -> Bool) async throws -> String {
        var screen = ""
        for _ in 0..<Int(seconds * 10) {
            screen = (try? await capture()) ?? ""
            if check(screen) { return screen }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TmuxTimeout(what: what, screen: screen)
    }

    /// Resizes the window, as an operator resizing the terminal would.
    func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Stops this tmux server (and with it the console) and removes its socket.
    func kill() async {
        _ = try? await tmux(["kill-server"])
        let directory = (ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp") + "/tmux-\(getuid())/"
        try? FileManager.default.removeItem(atPath: directory + socket)
    }

    /// Runs `tmux -L socket ...` and returns its output (when `output` asks for it).
    @discardableResult
    private func tmux(_ arguments: [String], output: Bool = true) async throws -> String {
        try await CleanSpawn.run(["/usr/bin/tmux", "-f", "/dev/null", "-L", socket] + arguments, capture: output)
    }
}

/// The screen never showed what a test waited for.
struct TmuxTimeout: Error, CustomStringConvertible {
    let what: String
    let screen: String
    var description: String { "timed out waiting for \(what); the screen was:\n\(screen)" }
}
