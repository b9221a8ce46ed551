extension Int {
    /// `value` rounded toward zero and clamped to the range of `Int`, NaN as 0: a computed
    /// Double never traps on its way to an integer (`Int(_:)` does on NaN, infinity or overflow).
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9_223_372_036_854_775_807.0 {
            self = .max
        } else if value <= -9_223_372_036_854_775_808.0 {
            self = .min
        } else {
            self = Int(value)
        }
    }
}

extension Int64 {
    /// `value` rounded toward zero and clamped to the range of `Int64`, NaN as 0.
    public init(saturating value: Double) {
        self = Int64(Int(saturating: value))
    }
}
