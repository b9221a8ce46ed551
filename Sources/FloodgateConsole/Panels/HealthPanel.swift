import FloodgateCore

/// The daemon's health: HTTP rate and errors, Redis, payments, stock conservation, a row per
/// daemon when several serve the sale, and each route's latency against its budgets (p50 300 ms,
/// p99 1 s).
enum HealthPanel {
    /// What a verdict reads while the data is stale.
    static let unknown = "unknown"

    /// The latency budgets, milliseconds.
    static let p50Budget = 300.0, p99Budget = 1000.0

    static func content(_ context: PanelContext) -> PanelContent {
        guard let latest = context.latest else { return PanelContent(fixed: [PanelContext.waiting]) }
        let routes = latest.http.routes.sorted { $0.p99Ms > $1.p99Ms }
        var fixed = summary(latest, context: context) + daemons(latest.daemons ?? [], context: context)
        if context.height >= 7, !routes.isEmpty {
            let labels = "p50".fitted(6, alignRight: true) + "p99".fitted(7, alignRight: true)
            fixed.append(StyledLine("route".fitted(max(10, context.width - 21)) + " " + labels, .dim))
        }
        return PanelContent(fixed: fixed, list: routes.map { route($0, context: context) })
    }

    /// The daemons' rows under a header: address, up or DOWN, uptime (from its start to its last
    /// heartbeat), request rate, p99, how long since it was last seen, version. A panel too narrow
    /// for the table gets two lines a daemon instead.
    private static func daemons(_ daemons: [TelemetrySnapshot.Daemon], context: PanelContext) -> [StyledLine] {
        guard daemons.count > 1 else { return [] }
        let address = max(10, min(21, daemons.map(\.address.count).max() ?? 0))
        let header = "daemon".fitted(address) + " " + "state".fitted(5) + "uptime".fitted(7, alignRight: true) + "req/s".fitted(7, alignRight: true)
            + "p99".fitted(7, alignRight: true) + "seen".fitted(7, alignRight: true) + " version"
        let narrow = header.count > context.width && !context.stale
        let rows = daemons.map { daemon($0, addressWidth: address, labelled: narrow, context: context) }
        return narrow ? rows.flatMap { $0 } : [StyledLine(header, .dim)] + rows.map { $0[0] + $0[1] }
    }

    /// `127.0.0.1:8080  up    12m03s` and `  1.2k/s  4.1ms   0.4s 0.2.0`: the table row's two
    /// halves; `labelled`, the second reads `  1.2k/s p99 4.1ms seen 0.4s v0.2.0`.
    private static func daemon(_ daemon: TelemetrySnapshot.Daemon, addressWidth: Int, labelled: Bool, context: PanelContext) -> [StyledLine] {
        var state = StyledLine(daemon.address.fitted(addressWidth) + " ", .text)
        var figures = StyledLine()
        if context.stale {
            state.append(unknown, .dim)
            return [state, figures]
        }
        let up = daemon.state == "up"
        state.append((up ? "up" : "DOWN").fitted(5), up ? .ok : .critical)
        state.append(Figures.duration(daemon.uptimeSeconds.map { Int($0) }).fitted(7, alignRight: true), up ? .text : .dim)
        let (rate, p99, seen, version) = labelled ? ("  ", " p99 ", " seen ", " v") : ("", "", "", " ")
        let cell = { (figure: String) in labelled ? figure : figure.fitted(7, alignRight: true) }
        figures.append(rate + cell(Figures.rate(daemon.requestsPerSecond)), .text)
        figures.append(p99 + cell(Figures.latency(daemon.p99Ms)), daemon.p99Ms > p99Budget ? .critical : .text)
        figures.append(seen + cell(Figures.age(daemon.secondsSinceSeen)), up ? .dim : .critical)
        figures.append(version + daemon.version, .dim)
        return [state, figures]
    }

    private static func summary(_ latest: TelemetrySnapshot, context: PanelContext) -> [StyledLine] {
        let errorRole: StyleRole = latest.http.errorRate > 0.05 ? .critical : (latest.http.errorRate > 0.01 ? .warn : .ok)
        var http = StyledLine("http".fitted(11), .dim)
        http.append(context.pair("", Figures.rate(latest.http.requestsPerSecond), figure: { $0.http.requestsPerSecond }))
        http.append(context.pair("  errors ", Figures.percent(latest.http.errorRate), role: errorRole, figure: { $0.http.errorRate }))
        var redis = StyledLine("redis".fitted(11), .dim)
        if context.stale {
            redis.append(unknown, .dim)
        } else if latest.redis.connected {
            redis.append("up ", .ok)
            redis.append(context.pair(" p50 ", Figures.latency(latest.redis.p50Ms), figure: { $0.redis.p50Ms }))
            redis.append(context.pair(" p99 ", Figures.latency(latest.redis.p99Ms), figure: { $0.redis.p99Ms }))
        } else {
            redis.append("DOWN", .critical)
        }
        return [http, redis] + clusterNodes(latest, context: context) + [payments(latest, context: context)]
    }

    /// One line per primary of a Redis Cluster: its address, up or DOWN, and PING's latency.
    private static func clusterNodes(_ latest: TelemetrySnapshot, context: PanelContext) -> [StyledLine] {
        guard !context.stale, let nodes = latest.redis.nodes else { return [] }
        return nodes.map { node in
            var line = StyledLine(("  " + node.address).fitted(max(11, min(24, context.width - 12))) + " ", .dim)
            if node.up {
                line.append("up ", .ok)
                line.append(Figures.latency(node.latencyMs ?? 0), .text)
            } else {
                line.append("DOWN", .critical)
            }
            return line
        }
    }

    private static func payments(_ latest: TelemetrySnapshot, context: PanelContext) -> StyledLine {
        let rate = latest.payments.successRate
        let role: StyleRole = (rate ?? 1) < 0.9 ? .critical : ((rate ?? 1) < 0.98 ? .warn : .ok)
        var line = StyledLine("payments".fitted(11), .dim)
        if context.stale {
            line.append(unknown, .dim)
        } else if rate == nil, latest.payments.attempts > 0 {
            let overall = 1 - Double(latest.payments.failures) / Double(latest.payments.attempts)
            line.append(Figures.percent(overall) + " ok", (overall < 0.9 ? .critical : (overall < 0.98 ? .warn : .ok)))
            line.append(" (all; none lately)", .dim)
        } else if rate == nil {
            line.append("none yet", .dim)
        } else {
            line.append(context.pair("", Figures.percent(rate) + " ok", role: role, figure: { $0.payments.successRate ?? 1 }))
        }
        line.append("  stock ", .dim)
        if context.stale {
            line.append(unknown, .dim)
        } else if latest.conservation.ok {
            line.append("conserved", .ok)
        } else {
            line.append("VIOLATED", .critical)
        }
        return line
    }

    private static func route(_ route: TelemetrySnapshot.HTTP.Route, context: PanelContext) -> StyledLine {
        let (verdict, role) = context.stale ? (unknown, .dim) : verdict(route)
        let name = route.route
        var line = StyledLine(shortened(name, to: max(10, context.width - 21)).fitted(max(10, context.width - 21)) + " ", .text)
        line.append(Figures.latency(route.p50Ms).fitted(6, alignRight: true), route.p50Ms > p50Budget ? .critical : .text)
        line.append(Figures.latency(route.p99Ms).fitted(7, alignRight: true), route.p99Ms > p99Budget ? .critical : .text)
        line.append(context.history.trend { $0.http.routes.first { $0.route == name }?.p99Ms ?? 0 }.arrow(context.glyphs) + " ", .dim)
        line.append(verdict, role)
        return line
    }

    /// `POST /checkout/reserve` as `POST …/reserve` when it does not fit in `width` columns.
    static func shortened(_ route: String, to width: Int) -> String {
        guard route.count > width, let space = route.firstIndex(of: " "), let slash = route.lastIndex(of: "/") else { return route }
        return String(route[..<space]) + " …" + String(route[slash...])
    }

    /// `ok`, `near` (over 80% of a budget) or `OVER`.
    static func verdict(_ route: TelemetrySnapshot.HTTP.Route) -> (String, StyleRole) {
        if route.p50Ms > p50Budget || route.p99Ms > p99Budget { return ("OVER", .critical) }
        if route.p50Ms > 0.8 * p50Budget || route.p99Ms > 0.8 * p99Budget { return ("near", .warn) }
        return ("ok", .ok)
    }
}
