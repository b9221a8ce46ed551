import Foundation
import NIOPosix

/// The waiting-room page's files, resources of this module (`Page/WaitingRoom/`): the templates,
/// the static assets and the texts of each language, read once when the daemon starts.
struct PageResources: Sendable {
    /// The document around every page (`page.html`).
    let layout: PageTemplate
    /// The waiting room itself (`wait.html`).
    let wait: PageTemplate
    /// The form that joins the queue without JavaScript (`join-form.html`).
    let joinForm: PageTemplate
    /// The button that takes an admitted shopper to the sale's `checkout_url` (`checkout-form.html`).
    let checkoutForm: PageTemplate
    /// A heading, a paragraph and more: not found, high demand (`message.html`).
    let message: PageTemplate
    let assets: PageAssets
    let languages: PageLanguages

    /// The plain names of the static assets.
    static let assetFiles = ["wait.css", "wait.js", "pow-worker.js"]

    /// Reads the files on NIO's thread pool.
    /// - Throws: ``DaemonError`` when a file is missing from the installed bundle.
    static func load() async throws -> PageResources {
        try await NIOThreadPool.singleton.runIfActive { try loadNow() }
    }

    /// Reads the files on the calling thread (start-up and tools only: it blocks).
    static func loadNow() throws -> PageResources {
        guard let root = Bundle.module.url(forResource: "WaitingRoom", withExtension: nil) else {
            throw DaemonError("the waiting-room page's files are missing from the FloodgateServer bundle")
        }
        func read(_ path: String) throws -> String {
            do {
                return try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            } catch {
                throw DaemonError("the waiting-room page's file \(path) cannot be read: \(error)")
            }
        }
        let textFiles = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("texts").path)) ?? []
        var languages: [String: PageTexts] = [:]
        for file in textFiles where file.hasSuffix(".txt") {
            let code = String(file.dropLast(4))
            languages[code] = PageTexts(language: code, file: try read("texts/" + file))
        }
        guard languages[PageLanguages.fallback] != nil else { throw DaemonError("the waiting-room page has no English texts") }
        return PageResources(
            layout: PageTemplate(try read("templates/page.html")),
            wait: PageTemplate(try read("templates/wait.html")),
            joinForm: PageTemplate(try read("templates/join-form.html")),
            checkoutForm: PageTemplate(try read("templates/checkout-form.html")),
            message: PageTemplate(try read("templates/message.html")),
            assets: PageAssets(files: Dictionary(uniqueKeysWithValues: try assetFiles.map { ($0, try read("assets/" + $0)) })),
            languages: PageLanguages(texts: languages)
        )
    }
}
