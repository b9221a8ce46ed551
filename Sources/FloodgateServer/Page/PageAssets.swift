import Crypto
import Foundation
import Hummingbird
import NIOCore

/// The page's static files (style, script, proof-of-work worker), served under
/// `/wait/assets/` by names that carry their content's hash (`wait.1a2b3c4d5e6f.css`), so a
/// browser or a CDN may keep them for a year: a new build gets new names.
struct PageAssets: Sendable {
    /// One static file.
    struct Asset: Sendable {
        /// The name in the URL, with its hash.
        let name: String
        let contentType: String
        let body: ByteBuffer
        /// The `ETag` header: the hash, quoted.
        let etag: String
    }

    /// Where the assets are served.
    static let prefix = "/wait/assets/"
    /// `Cache-Control` of an asset.
    static let cacheControl = "public, max-age=31536000, immutable"

    private let byName: [String: Asset]
    private let paths: [String: String]
    private let texts: [String: String]

    /// The files, by their plain name (`wait.css`).
    init(files: [String: String]) {
        var byName: [String: Asset] = [:]
        var paths: [String: String] = [:]
        for (file, text) in files {
            let hash = SHA256.hash(data: Array(text.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
            let dot = file.lastIndex(of: ".") ?? file.endIndex
            let name = "\(file[..<dot]).\(hash)\(file[dot...])"
            let type = file.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
            byName[name] = Asset(name: name, contentType: type, body: ByteBuffer(string: text), etag: "\"\(hash)\"")
            paths[file] = Self.prefix + name
        }
        self.byName = byName
        self.paths = paths
        self.texts = files
    }

    /// The URL path of a file by its plain name.
    func path(_ file: String) -> String { paths[file] ?? Self.prefix + file }

    /// A file's text, to inline it in a self-contained page.
    func text(_ file: String) -> String { texts[file] ?? "" }

    /// The answer for `GET /wait/assets/{name}`: 200 with the long cache lifetime, 304 when the
    /// browser holds it already (`If-None-Match`); nil for an unknown name.
    func response(_ name: String, ifNoneMatch: String?) -> Response? {
        guard let asset = byName[name] else { return nil }
        var headers: HTTPFields = [.cacheControl: Self.cacheControl, .eTag: asset.etag]
        if let ifNoneMatch, ifNoneMatch.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: asset.body))
    }
}
