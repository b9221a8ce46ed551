import FloodgateCore
import Hummingbird
import NIOCore

/// The "high demand, you will be queued shortly" page the overloaded daemon answers a shed page
/// load or registration with (``RequestPriorityGate/shedReply(_:head:)``): rendered once per
/// language and per `Retry-After` of a small spread when the daemon starts, so shedding costs
/// no rendering.
struct HighDemandPages: Sendable {
    /// How far the `Retry-After` of the pages spreads around the asked one, in seconds.
    static let spread = -2...2

    private let languages: PageLanguages
    /// The pages by language, then by `Retry-After` seconds.
    private let pages: [String: [Int: ByteBuffer]]

    init(page: WaitPage, retryAfterSeconds: Int) {
        languages = page.resources.languages
        var pages: [String: [Int: ByteBuffer]] = [:]
        for (code, texts) in languages.texts {
            for offset in Self.spread {
                let seconds = max(1, retryAfterSeconds + offset)
                pages[code, default: [:]][seconds] = ByteBuffer(string: page.highDemand(texts, retryAfterSeconds: seconds))
            }
        }
        self.pages = pages
    }

    /// 503 with the page in the caller's language and a `Retry-After` picked from the spread.
    func reply(acceptLanguage: String?, around retryAfterSeconds: Int) -> JSONReply {
        let texts = languages.choose(query: nil, acceptLanguage: acceptLanguage)
        var random = PooledRandomGenerator()
        let seconds = max(1, retryAfterSeconds + Int.random(in: Self.spread, using: &random))
        var reply = JSONReply.html("", status: .serviceUnavailable)
        reply.body = pages[texts.language]?[seconds] ?? ByteBuffer()
        reply.headers[.retryAfter] = String(seconds)
        return reply
    }
}
