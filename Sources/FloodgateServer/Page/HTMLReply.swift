import Hummingbird
import NIOCore

extension JSONReply {
    /// An HTML page as a reply: `text/html`, not to be cached (it shows one shopper's standing).
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> JSONReply {
        var reply = JSONReply(page.utf8, status: status)
        reply.headers[.contentType] = "text/html; charset=utf-8"
        reply.headers[.cacheControl] = "no-store"
        return reply
    }
}
