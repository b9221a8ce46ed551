import Foundation

/// What a rollback did, from the `rollback` object of its answer: the reservations it released
/// and the payments it refunded.
struct RollbackSummary: Decodable, Sendable, Hashable {
    var released: Int
    var refunded: Int
    var alreadyRefunded: Int

    /// `released 3 reservations, refunded 1 payment` (and `2 refunded before` when a run before did).
    var text: String {
        var text = "released \(Self.count(released, "reservation")), refunded \(Self.count(refunded, "payment"))"
        if alreadyRefunded > 0 { text += " (\(alreadyRefunded) refunded before)" }
        return text
    }

    /// The summary in a control call's answer; nil when it holds none.
    static func from(_ body: [UInt8]) -> RollbackSummary? {
        try? JSONDecoder().decode(Answer.self, from: Data(body)).rollback
    }

    private static func count(_ value: Int, _ noun: String) -> String {
        "\(Figures.count(value)) \(noun)\(value == 1 ? "" : "s")"
    }

    private struct Answer: Decodable {
        var rollback: RollbackSummary?
    }

    enum CodingKeys: String, CodingKey {
        case released, refunded, alreadyRefunded = "already_refunded"
    }
}
