import FloodgateCore

/// Forged variants of a genuine token, one per ``ForgeryVariant``. None of them may get past
/// the daemon: every one must be answered 401 or 403.
enum ForgedTokens {
    /// The forgeries of `token`.
    /// - Parameters:
    ///   - other: another shopper's genuine token, for the variants that mix two tokens.
    ///   - signer: the daemons' own key, read from Redis, when the run could read it: then the
    ///     expired and foreign-sale tokens are genuinely signed, so that only the expiry or the
    ///     sale can refuse them.
    ///   - now: the time, in unix seconds.
    static func make(from token: String, other: String?, signer: TokenSigner?, now: Int64) -> [(ForgeryVariant, String)] {
        guard let genuine = TokenParts(token) else { return [(.malformed, "v1.AAAA.AAAA")] }
        var forged: [(ForgeryVariant, String)] = []
        var front = genuine
        front.ticket = genuine.ticket == 1 ? 2 : 1
        forged.append((.alteredPosition, front.text))
        if let other, let stranger = TokenParts(other), stranger.userID != genuine.userID {
            var impostor = genuine
            impostor.userID = stranger.userID
            forged.append((.otherUser, impostor.text))
            var spliced = genuine
            spliced.mac = stranger.mac
            forged.append((.splicedSignature, spliced.text))
        }
        var expired = genuine
        expired.issuedAt = now - 7_200
        expired.expiresAt = now - 3_600
        forged.append((.expired, signed(expired, with: signer)))
        var foreign = genuine
        foreign.saleID = "elsewhere-" + genuine.saleID.prefix(40)
        forged.append((.foreignSale, signed(foreign, with: signer)))
        forged.append((.malformed, "v1." + TokenParts.encode(Array("not a payload".utf8)) + ".x"))
        return forged
    }

    /// The parts signed with `signer`, or with their old signature when there is no signer.
    private static func signed(_ parts: TokenParts, with signer: TokenSigner?) -> String {
        guard let signer, let token = QueueToken(userID: parts.userID, saleID: parts.saleID, ticket: parts.ticket,
                                                  issuedAt: parts.issuedAt, expiresAt: parts.expiresAt)
        else { return parts.text }
        return signer.sign(token)
    }
}
