import FloodgateCore
import Hummingbird

/// `POST /queue/register`'s body: `{"sale_id", "user_id", "pow": {"challenge", "nonce"}, "fingerprint"}`
/// (`fingerprint`: what the waiting-room page measured of the browser, at most 256 bytes; a bot signal, never a pass).
struct RegisterBody {
    struct Proof {
        let challenge: String
        let nonce: String
    }

    let saleID: String
    let userID: String
    let pow: Proof?
    let fingerprint: String?
    /// The shop's signed assertion of who the user is, when the sale asks for one.
    let identity: String?

    /// A registration without proof of work, fingerprint or identity (the page's form).
    init(saleID: String, userID: String) {
        self.saleID = saleID
        self.userID = userID
        self.pow = nil
        self.fingerprint = nil
        self.identity = nil
    }

    init(_ request: Request) async throws {
        var (members, reader) = try await JSONRequest.object(request, allowedKeys: ["sale_id", "user_id", "pow", "fingerprint", "identity"])
        reader.require("sale_id", in: members, at: "")
        reader.require("user_id", in: members, at: "")
        let saleID = reader.string("sale_id", in: members, at: "")
        let userID = reader.string("user_id", in: members, at: "")
        if let userID, !QueueToken.isValidUserID(userID) {
            reader.report("user_id", "must be 1 to 128 bytes with no control characters")
        }
        var pow: Proof?
        if let value = members["pow"], value != .null, let proof = reader.object(value, at: "pow", allowedKeys: ["challenge", "nonce"]) {
            reader.require("challenge", in: proof, at: "pow")
            reader.require("nonce", in: proof, at: "pow")
            if let challenge = reader.string("challenge", in: proof, at: "pow"), let nonce = reader.string("nonce", in: proof, at: "pow") {
                pow = Proof(challenge: challenge, nonce: nonce)
            }
        }
        let fingerprint = reader.string("fingerprint", in: members, at: "")
        if let fingerprint, fingerprint.utf8.count > 256 { reader.report("fingerprint", "must be at most 256 bytes") }
        let identity = reader.string("identity", in: members, at: "")
        try JSONRequest.check(reader)
        self.identity = identity
        self.fingerprint = fingerprint
        self.saleID = saleID!
        self.userID = userID!
        self.pow = pow
    }
}

/// `GET /queue/challenge`'s answer.
struct ChallengeBody {
    let challenge: String
    let difficulty: Int
    let expiresAt: String

    /// The JSON object.
    var json: String {
        #"{"challenge":\#(JSONText.quote(challenge)),"difficulty":\#(difficulty),"expires_at":\#(JSONText.quote(expiresAt))}"#
    }
}

/// `POST /queue/register`'s answer.
struct RegisterAnswer {
    let token: String
    let saleID: String
    let userID: String
    /// Nil while a lottery has not been drawn.
    let position: UInt64?
    let state: String
    let issuedAt: String
    let expiresAt: String

    /// The JSON object, written in one piece: every registration answers it.
    var json: String {
        let position = position.map(String.init) ?? "null"
        return #"{"token":\#(JSONText.quote(token)),"sale_id":\#(JSONText.quote(saleID)),"user_id":\#(JSONText.quote(userID)),"position":\#(position),"state":\#(JSONText.quote(state)),"issued_at":\#(JSONText.quote(issuedAt)),"expires_at":\#(JSONText.quote(expiresAt))}"#
    }
}

/// `GET /queue/status`'s answer, written by hand: every waiting shopper polls it.
struct StatusAnswer {
    let state: String
    let position: UInt64?
    let ahead: UInt64
    let admittedThrough: UInt64
    let etaSeconds: Int?
    let pollAfterMs: Int

    /// The JSON object (every value is a number, null or a fixed state name: nothing to escape).
    var json: String {
        let position = position.map(String.init) ?? "null"
        let eta = etaSeconds.map(String.init) ?? "null"
        return #"{"state":"\#(state)","position":\#(position),"ahead":\#(ahead),"admitted_through":\#(admittedThrough),"eta_seconds":\#(eta),"poll_after_ms":\#(pollAfterMs)}"#
    }
}
