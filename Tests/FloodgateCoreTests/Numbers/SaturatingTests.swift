import FloodgateCore
import Testing

@Suite("Double to integer conversions never trap")
struct SaturatingTests {
    @Test("NaN, infinities and huge values clamp instead of trapping", arguments: [
        (Double.nan, 0), (.infinity, Int.max), (-.infinity, Int.min), (1e300, Int.max), (-1e300, Int.min), (12.9, 12), (-12.9, -12),
    ])
    func saturating(value: Double, expected: Int) {
        #expect(Int(saturating: value) == expected)
        #expect(Int64(saturating: value) == Int64(expected))
    }
}
