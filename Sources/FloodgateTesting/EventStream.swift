import FloodgateSystem
import Foundation

/// Reads server-sent events with curl (the stream never ends by itself).
public enum EventStream {
    /// The first `count` `data:` events of the stream at `url`, parsed as JSON objects.
    public static func read(_ url: String, token: String, count: Int, timeoutSeconds: Int = 10) async throws -> [[String: Any]] {
        let output = makeScratchDirectory("sse") + "/events"
        let process = try await ChildProcess.spawn(
            ["/usr/bin/curl", "-sN", "--max-time", "\(timeoutSeconds)", "-H", "Authorization: Bearer \(token)", "-o", output, url]
        )
        let deadline = Date().addingTimeInterval(TimeInterval(timeoutSeconds))
        var events: [[String: Any]] = []
        while Date() < deadline && events.count < count {
            try await Task.sleep(for: .milliseconds(100))
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            events = text.split(separator: "\n").filter { $0.hasPrefix("data: ") }.compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.dropFirst(6).utf8))) as? [String: Any]
            }
        }
        process.signal(SIGKILL)
        await process.waitUntilExit()
        return Array(events.prefix(count))
    }
}
