import FloodgateCore
import Testing

@testable import FloodgateRehearsal

@Suite("The lottery's tests and the registration-order check")
struct StatisticsTests {
    static let seed = LotterySeed(hex: String(repeating: "5a", count: 32))!

    @Test("a fair draw passes: positions independent of tickets")
    func fairDraw() throws {
        let draw = LotteryDraw(seed: Self.seed, count: 2_000)
        let pairs = (1...2_000).map { (UInt64($0), draw.position(of: UInt64($0))!) }
        let spearman = try #require(Statistics.spearman(pairs))
        let independence = try #require(Statistics.independence(pairs))
        #expect(abs(spearman.rho) < 0.1)
        #expect(spearman.pValue > AdmissionCheck.significance)
        #expect(independence.pValue > AdmissionCheck.significance)
    }

    @Test("no draw at all (positions in registration order) fails both tests")
    func noDraw() throws {
        let pairs = (1...500).map { (UInt64($0), UInt64($0)) }
        #expect(try #require(Statistics.spearman(pairs)).rho == 1)
        #expect(try #require(Statistics.spearman(pairs)).pValue < AdmissionCheck.significance)
        #expect(try #require(Statistics.independence(pairs)).pValue < AdmissionCheck.significance)
    }

    @Test("a draw that only swaps neighbours fails both tests")
    func nearlySorted() throws {
        let pairs: [(UInt64, UInt64)] = (1...400).map { ticket in
            let position = ticket.isMultiple(of: 2) ? ticket - 1 : min(ticket + 1, 400)
            return (UInt64(ticket), UInt64(position))
        }
        #expect(try #require(Statistics.spearman(pairs)).pValue < AdmissionCheck.significance)
        #expect(try #require(Statistics.independence(pairs)).pValue < AdmissionCheck.significance)
    }

    @Test("the chi-square tail matches tables", arguments: [(3.841, 1.0, 0.05), (9.488, 4, 0.05), (26.296, 16, 0.05), (32.0, 16, 0.01)])
    func chiSquareTail(value: Double, degrees: Double, expected: Double) {
        #expect(abs(Statistics.chiSquareTail(value, degrees: degrees) - expected) < 0.006)
    }

    @Test("too few pairs: no test")
    func tooFew() {
        #expect(Statistics.spearman([(1, 2), (2, 1)]) == nil)
        #expect(Statistics.independence((1...10).map { (UInt64($0), UInt64($0)) }) == nil)
    }

    @Test("registration inversions: a later ticket answered before an earlier one was asked for")
    func inversions() {
        let fair = [
            RegistrationRecord(ticket: 1, firstAsked: 0, answered: 10),
            RegistrationRecord(ticket: 3, firstAsked: 5, answered: 12),
            RegistrationRecord(ticket: 2, firstAsked: 4, answered: 30),
            RegistrationRecord(ticket: 4, firstAsked: 31, answered: 40),
        ]
        #expect(AdmissionCheck.registrationInversions(fair) == 0)
        let unfair = fair + [RegistrationRecord(ticket: 2, firstAsked: 41, answered: 45)]
        #expect(AdmissionCheck.registrationInversions(unfair) == 1)
    }
}
