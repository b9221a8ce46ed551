import Crypto
import FloodgateCore
import Foundation

/// The operators' tokens as `--admin-tokens FILE` lists them, one a line:
///
/// ```
/// # name    role       sha256 of the token (hex)
/// alice     operator   9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
/// ```
///
/// Fields are separated by blanks; `#` starts a comment; blank lines are skipped. Names are
/// letters, digits, `.`, `_` and `-`; the role is `observer`, `operator` or `admin`; the hash is the
/// SHA-256 of the token's UTF-8 bytes in 64 hex digits (`printf %s TOKEN | sha256sum`). The file
/// holds hashes only, never tokens.
struct OperatorTokens: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        let identity: OperatorIdentity
        let digest: [UInt8]
    }

    let entries: [Entry]

    /// No operators: only the single admin token opens the admin API.
    static let none = OperatorTokens(entries: [])

    /// Reads and checks a tokens file.
    /// - Throws: ``OperatorTokensError`` naming the line that is wrong.
    static func load(_ path: String) throws -> OperatorTokens {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw OperatorTokensError("cannot read the admin tokens file \(path): \((error as NSError).localizedDescription)")
        }
        return try parse(text, source: path)
    }

    /// Parses the text of a tokens file (`source` names it in errors).
    static func parse(_ text: String, source: String) throws -> OperatorTokens {
        var entries: [Entry] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard !fields.isEmpty else { continue }
            let place = "\(source) line \(number + 1)"
            guard fields.count == 3 else { throw OperatorTokensError("\(place): expected name, role and SHA-256 hex, got \(fields.count) fields") }
            guard fields[0].allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }), fields[0].count <= 64 else {
                throw OperatorTokensError("\(place): a name is letters, digits, '.', '_' and '-' (at most 64)")
            }
            guard let role = OperatorRole(rawValue: fields[1]) else {
                throw OperatorTokensError("\(place): the role is observer, operator or admin, got \(fields[1])")
            }
            guard fields[2].count == 64, let digest = Hex.decode(fields[2]) else {
                throw OperatorTokensError("\(place): the hash is the token's SHA-256 in 64 hex digits")
            }
            guard !entries.contains(where: { $0.identity.name == fields[0] || $0.digest == digest }) else {
                throw OperatorTokensError("\(place): \(fields[0]) or its hash is listed twice")
            }
            entries.append(Entry(identity: OperatorIdentity(name: fields[0], role: role), digest: digest))
        }
        return OperatorTokens(entries: entries)
    }

    /// The operator whose token this is; every entry is compared, in constant time each.
    func identity(of token: String) -> OperatorIdentity? {
        let digest = Array(SHA256.hash(data: Data(token.utf8)))
        var found: OperatorIdentity?
        for entry in entries where zip(entry.digest, digest).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0 {
            found = entry.identity
        }
        return found
    }
}

/// The admin tokens file is missing or wrong.
struct OperatorTokensError: Error, Sendable, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
