/// The keys of a sale's guards (see `Scripts/guard_*.lua` and `vitals_record.lua`).
extension SaleKeys {
    /// The daemon that evaluates the sale's guards, with a TTL (the lease).
    public var guardLease: String { prefix + "guard:lease" }
    /// The guard settings and admission settings set through the admin API (JSON); absent: the definition's.
    public var guardSettings: String { prefix + "guard:config" }
    /// Each guard's track (JSON by guard name).
    public var guardState: String { prefix + "guard:state" }
    /// The guards' alerts (JSON by alert id).
    public var alerts: String { prefix + "alerts" }
    /// The vital signs of the last minute, `<unix second>|<figure>` -> value, summed over the daemons.
    public var vitals: String { prefix + "vitals" }

    /// The latest payment outcomes, newest first (`<ms>:1` paid, `<ms>:0` declined), for the payment guard.
    public var paymentOutcomes: String { prefix + "payouts" }

    /// `guard_track.lua`: ctl, guard state, alerts.
    var guardTrackKeys: [String] { [control, guardState, alerts] }
    /// `alert_ack.lua`: ctl, alerts.
    var alertAckKeys: [String] { [control, alerts] }
}
