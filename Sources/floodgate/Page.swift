import ArgumentParser
import FloodgateServer
import Foundation

/// `floodgate page`: the shoppers' waiting-room page outside the daemon.
struct Page: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The shoppers' waiting-room page outside the daemon.",
        subcommands: [Export.self]
    )

    /// `floodgate page export`: the static "high demand" page.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a self-contained static \"high demand\" page for a CDN or an nginx in front of the daemons.",
            discussion: """
                Writes index.html (English) and index.<language>.html for the other languages into \
                the directory: style inline, no script, no other file. The page tells shoppers they \
                will be queued shortly and reloads /wait/<sale> after \(PageExport.retryAfterSeconds) s. \
                Serve it for 502, 503 and 504 (see the README's nginx snippet).
                """
        )

        @Option(help: "The sale whose waiting room the page leads back to.")
        var sale: String

        @Option(help: "The directory to write the page into (created if missing).")
        var out: String

        func run() throws {
            do {
                for path in try PageExport.write(saleID: sale, to: out) { print(path) }
            } catch let error as DaemonError {
                throw CommandLineFailure(message: error.description)
            }
        }
    }
}
