import FloodgateCore
import Foundation
import Testing

@Suite("Bot scores")
struct BotScoreTests {
    @Test("no evidence scores 0 and explains nothing")
    func nothing() {
        let assessment = BotAssessment(BotEvidence())
        #expect(assessment.score == 0)
        #expect(assessment.contributions.isEmpty)
        #expect(assessment.bucket == 0)
    }

    @Test("noisy-OR: two signals combine to 1 - (1-p)(1-q), strongest explained first")
    func noisyOr() {
        let assessment = BotAssessment(probabilities: [.earlyPolls: 0.5, .sourceCrowd: 0.2])
        #expect(abs(assessment.score - 0.6) < 1e-9)
        #expect(assessment.mainSignal == .earlyPolls)
        #expect(assessment.contributions.map(\.signal) == [.earlyPolls, .sourceCrowd])
    }

    @Test("more evidence never lowers the score", arguments: BotSignal.allCases)
    func monotone(_ extra: BotSignal) {
        var evidence = BotEvidence()
        evidence.earlyPolls = 1
        evidence.sourceIdentities = 10
        let before = BotAssessment(evidence).score
        let after = BotAssessment(probabilities: evidence.probabilities().merging([extra: 0.3]) { max($0, $1) }).score
        #expect(after >= before)
    }

    @Test("a native proof of work, fast polls and instant reserve score near 1")
    func botLike() {
        var evidence = BotEvidence()
        evidence.proofRate = 20_000_000
        evidence.polls = 10
        evidence.earlyPolls = 9
        evidence.reserveDelayMs = 3
        let assessment = BotAssessment(evidence)
        #expect(assessment.score > 0.97)
        #expect(assessment.bucket == 9)
        #expect(assessment.mainSignal == .instantReserve)
    }

    @Test("a shopper in a 30-person office with a browser proof stays under the hold threshold")
    func office() {
        var evidence = BotEvidence()
        evidence.proofRate = 300_000
        evidence.polls = 8
        evidence.gaps = 7
        evidence.gapSum = 7 * 2_000
        evidence.gapSquares = 7 * (2_000 * 2_000 + 120 * 120)
        evidence.sourceIdentities = 30
        evidence.reserveDelayMs = 1_800
        evidence.fingerprintIdentities = 3
        let assessment = BotAssessment(evidence)
        #expect(assessment.score < BotPolicy().flagThreshold)
        #expect(assessment.mainSignal == .sourceCrowd)
    }

    @Test("polls at a fixed cadence are steady; jittered ones are not")
    func steadiness() {
        var steady = BotEvidence()
        steady.gaps = 8
        steady.gapSum = 8 * 100
        steady.gapSquares = 8 * 100 * 100
        #expect(steady.probabilities()[.steadyPolls] == BotSignal.steadyPolls.weight)
        var jittered = steady
        jittered.gapSquares = 8 * (100 * 100 + 6 * 6)
        #expect(jittered.probabilities()[.steadyPolls] == nil)
    }

    @Test("a blocked session scores 1")
    func blocked() {
        var evidence = BotEvidence()
        evidence.blocked = true
        #expect(BotAssessment(evidence).score == 1)
    }
}
