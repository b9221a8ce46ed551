import NIOConcurrencyHelpers

/// The address the HTTP listener is bound to, known once the server runs (the configured
/// port may be 0): the demo crowd connects to it.
final class BoundAddress: Sendable {
    private let address = NIOLockedValueBox<ListenAddress?>(nil)

    /// Records the listener's address.
    func set(_ value: ListenAddress) {
        address.withLockedValue { $0 = value }
    }

    /// The listener's address, waiting until the server runs; nil when cancelled first.
    func wait() async -> ListenAddress? {
        while !Task.isCancelled {
            if let value = address.withLockedValue({ $0 }) { return value }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
