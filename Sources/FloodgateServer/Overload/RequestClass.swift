import Hummingbird

/// The priority classes of the shoppers' requests, most important first. Under overload the
/// daemon serves checkout ahead of status polls, and status polls ahead of registrations and
/// page loads; operator and health routes are never held back.
enum RequestClass: Int, CaseIterable, Comparable, Sendable {
    /// `/checkout/*`: admitted shoppers spending their admission window.
    case checkout = 0
    /// `GET /queue/status`: waiting shoppers polling; cheap, and they will poll again.
    case status = 1
    /// `/queue/register`, `/queue/challenge` (and the waiting page): new arrivals.
    case register = 2

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The class of a request path; nil for routes the gate never holds back (operator routes,
    /// and the page's static files: answered from memory, and cached by browsers).
    init?(path: String) {
        if path.hasPrefix(PageAssets.prefix) {
            return nil
        } else if path.hasPrefix("/checkout/") {
            self = .checkout
        } else if path == "/queue/status" {
            self = .status
        } else if path.hasPrefix("/queue/") || path.hasPrefix("/wait/") {
            self = .register
        } else {
            return nil
        }
    }

    /// The class's name in metrics and errors.
    var name: String {
        switch self {
        case .checkout: "checkout"
        case .status: "status"
        case .register: "register"
        }
    }
}
