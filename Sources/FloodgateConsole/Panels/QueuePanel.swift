import FloodgateCore

/// The waiting room: who waits, who is admitted, how fast, and when the last in line gets in.
enum QueuePanel {
    static func content(_ context: PanelContext, rateStep: Int, rateTarget: Int?) -> PanelContent {
        guard let queue = context.latest?.queue else { return PanelContent(fixed: [PanelContext.waiting]) }
        var rateNote = StyledLine("step ±\(rateStep)", .dim)
        if let rateTarget, rateTarget != Int(saturating: queue.admitPerSecond.rounded()) {
            rateNote = StyledLine("asked \(rateTarget)/s", .warn)
        }
        let rows = [
            context.figureRow("waiting", Figures.count(queue.length), figure: { Double($0.queue.length) }),
            context.figureRow("admitted", "#" + Figures.count(queue.admittedThrough), figure: { Double($0.queue.admittedThrough) }),
            context.figureRow("admit rate", Figures.rate(queue.admitPerSecond), role: queue.admitPerSecond == 0 ? .warn : .accent,
                              figure: { $0.queue.admitPerSecond }, note: rateNote),
            context.figureRow("arrivals", Figures.rate(queue.arrivalsPerSecond), figure: { $0.queue.arrivalsPerSecond }),
            context.figureRow("ETA back", Figures.duration(queue.etaBackSeconds), figure: { Double($0.queue.etaBackSeconds ?? 0) }),
            context.figureRow("registered", Figures.count(queue.registered), figure: { Double($0.queue.registered) }),
            context.figureRow("admitted/s", Figures.rate(context.latest?.funnel.admittedPerSecond ?? 0), figure: { $0.funnel.admittedPerSecond }),
        ]
        return PanelContent(fixed: rows)
    }
}
