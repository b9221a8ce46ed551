import NIOCore
import NIOHTTP1

/// An attacker's calls in flight and the answers so far.
struct AttackProgress {
    /// One answer (or its absence).
    struct Answer {
        let label: String
        /// The HTTP status; nil when no answer came.
        let status: Int?
        let orderID: String?
        /// How long the call took.
        let elapsed: TimeAmount

        /// Whether the attack call got through (2xx).
        var accepted: Bool { (200..<300).contains(status ?? 0) }
        /// Whether the call got no usable answer (none, or 5xx).
        var unanswered: Bool { (status ?? 500) >= 500 }
    }

    var pending = 0
    var answers: [Answer] = []
}

extension Shopper {
    /// Sends one attack call (counted under ``CallKind/attack``); `then` runs once every attack
    /// call in flight has its answer.
    func attackCall(_ simulation: Simulation, _ label: String, _ method: HTTPMethod, _ uri: String, token: String? = nil,
                    idempotencyKey: String? = nil, json: String? = nil, then: @escaping () -> Void) {
        attack.pending += 1
        let started = NIODeadline.now()
        simulation.send(.attack, method, uri, token: token ?? self.token, source: source, idempotencyKey: idempotencyKey, json: json) { outcome in
            var status: Int?
            var orderID: String?
            if case .answered(let response) = outcome {
                status = response.status
                orderID = response.fields.string("order_id")
            }
            self.attack.answers.append(AttackProgress.Answer(label: label, status: status, orderID: orderID, elapsed: .now() - started))
            self.attack.pending -= 1
            if self.attack.pending == 0 { then() }
        }
    }
}
