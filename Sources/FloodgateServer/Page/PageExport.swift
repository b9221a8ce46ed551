import FloodgateCore
import Foundation

/// `floodgate page export`: the "high demand" page as static files, for a CDN or an nginx in
/// front of the daemons to serve when every daemon is down or overloaded (`error_page 502 503
/// 504`). Self-contained (style inline, no script); it reloads `/wait/<sale>` by itself.
public enum PageExport {
    /// How long the exported page waits before it tries the waiting room again, in seconds.
    public static let retryAfterSeconds = 30

    /// Writes `index.html` (English) and `index.<language>.html` for every other language into
    /// `directory` (created if missing).
    /// - Returns: The paths written.
    /// - Throws: ``DaemonError`` for an invalid sale id or a directory that cannot be written.
    public static func write(saleID: String, to directory: String) throws -> [String] {
        guard SaleDefinition.isValidID(saleID) else { throw DaemonError("--sale must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$") }
        let page = WaitPage(resources: try PageResources.loadNow())
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DaemonError("cannot create \(directory): \(error.localizedDescription)")
        }
        var written: [String] = []
        for (code, texts) in page.resources.languages.texts.sorted(by: { $0.key < $1.key }) {
            let name = code == PageLanguages.fallback ? "index.html" : "index.\(code).html"
            let path = (directory as NSString).appendingPathComponent(name)
            let html = page.highDemand(texts, retryAfterSeconds: retryAfterSeconds, retryPath: "/wait/\(saleID)?lang=\(code)")
            do {
                try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw DaemonError("cannot write \(path): \(error.localizedDescription)")
            }
            written.append(path)
        }
        return written
    }
}
