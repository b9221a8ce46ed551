import FloodgateCore

extension ControlAction {
    /// Why this action would do nothing to a sale in `state` (a ``SaleState`` raw value), or `nil`
    /// when it applies: no switch acts on a closed sale, only rollback (which finishes it) while a
    /// rollback runs, and pause and resume only on a sale that is not, or is, paused. An alert can
    /// be acknowledged in any state.
    public func refusal(inState state: String) -> String? {
        switch (kind, SaleState(rawValue: state)) {
        case (.acknowledge, _): nil
        case (_, .closed): "the sale is closed: it has ended"
        case (.rollback, .rollingBack): nil
        case (_, .rollingBack): "a rollback is under way (R finishes it)"
        case (.pause, .paused): "the sale is already paused"
        case (.resume, let current), (.resumeAfterGuard, let current): current == .paused ? nil : "the sale is not paused"
        default: nil
        }
    }

    /// Whether a throttle from `liveRate` stops admission or cuts it by more than half.
    public func isSteepCut(from liveRate: Double) -> Bool {
        guard let rate = throttleRate else { return false }
        return rate == 0 || Double(rate) < liveRate / 2
    }
}
