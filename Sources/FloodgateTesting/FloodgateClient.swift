import Foundation

/// A client of a running daemon's public and admin API, for tests and tools: plain HTTP on
/// loopback, JSON in and out.
public struct FloodgateClient: Sendable {
    /// The daemon's base URL, such as `http://127.0.0.1:41234`.
    public let baseURL: String
    /// The admin API's token.
    public let adminToken: String

    /// A client of the daemon at `baseURL`.
    public init(baseURL: String, adminToken: String) {
        self.baseURL = baseURL
        self.adminToken = adminToken
    }

    /// An admin call.
    public func admin(_ method: String, _ path: String, json: String? = nil) async throws -> HTTPProbe.Response {
        try await HTTPProbe.request(method, baseURL + path, body: json.map { Data($0.utf8) },
                                    headers: ["Authorization": "Bearer \(adminToken)", "Content-Type": "application/json"])
    }

    /// A public call, with the shopper's token when given.
    public func call(_ method: String, _ path: String, json: String? = nil, token: String? = nil,
                     headers: [String: String] = [:]) async throws -> HTTPProbe.Response {
        var all = headers
        all["Content-Type"] = "application/json"
        if let token { all["Authorization"] = "Bearer \(token)" }
        return try await HTTPProbe.request(method, baseURL + path, body: json.map { Data($0.utf8) }, headers: all)
    }

    /// Creates a sale from its JSON definition.
    /// - Throws: when the daemon does not answer 201.
    public func createSale(_ json: String) async throws {
        let response = try await admin("POST", "/admin/sales", json: json)
        guard response.status == 201 else { throw ClientError("create sale: \(response.status) \(response.text)") }
    }

    /// The sale's status as `GET /admin/sales/{id}` answers it.
    public func saleStatus(_ saleID: String) async throws -> [String: Any] {
        let response = try await admin("GET", "/admin/sales/\(saleID)")
        guard response.status == 200, let json = response.json else { throw ClientError("sale status: \(response.status) \(response.text)") }
        return json
    }

    /// Registers `userID` (without proof of work) and returns the queue token.
    public func token(sale saleID: String, user userID: String) async throws -> String {
        let response = try await call("POST", "/queue/register", json: #"{"sale_id":"\#(saleID)","user_id":"\#(userID)"}"#)
        guard (200...201).contains(response.status), let token = response.json?["token"] as? String else {
            throw ClientError("register: \(response.status) \(response.text)")
        }
        return token
    }

    /// Polls `/queue/status` until the token is admitted (at most `seconds`).
    public func waitUntilAdmitted(_ token: String, seconds: Double = 10) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let status = try await call("GET", "/queue/status", token: token)
            if status.json?["state"] as? String == "admitted" { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ClientError("not admitted within \(seconds) s")
    }

    /// Reserves and returns the reservation id.
    public func reserve(_ token: String, sku: String, qty: Int = 1) async throws -> String {
        let response = try await call("POST", "/checkout/reserve", json: #"{"sku":"\#(sku)","qty":\#(qty)}"#, token: token)
        guard response.status == 201, let id = response.json?["reservation_id"] as? String else {
            throw ClientError("reserve: \(response.status) \(response.text)")
        }
        return id
    }

    /// Commits a reservation with an Idempotency-Key.
    public func commit(_ token: String, reservation: String, key: String) async throws -> HTTPProbe.Response {
        try await call("POST", "/checkout/commit", json: #"{"reservation_id":"\#(reservation)","payment":{"card":"4242"}}"#,
                       token: token, headers: ["Idempotency-Key": key])
    }

    /// Commits, and while the answer is 202 `payment_pending` (the payment outlasted the
    /// daemon's answer budget, as it may while Redis is slow) asks again with the same
    /// Idempotency-Key, as a shopper's page does, at most `attempts` more times.
    /// - Returns: the last answer.
    public func settledCommit(_ token: String, reservation: String, key: String, attempts: Int = 20) async throws -> HTTPProbe.Response {
        var response = try await commit(token, reservation: reservation, key: key)
        for _ in 0..<attempts where response.status == 202 {
            try await Task.sleep(for: .milliseconds(250))
            response = try await commit(token, reservation: reservation, key: key)
        }
        return response
    }
}

/// An API call that did not answer as expected.
public struct ClientError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
