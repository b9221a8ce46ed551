import FloodgateCore
import NIOHTTP1

/// One visitor of the waiting-room page, as a small state machine on the event loop: solves the
/// proof of work, registers, polls `/queue/status` as `poll_after_ms` asks and, once admitted,
/// goes through checkout (`Shopper+Checkout.swift`). Bots and attackers are shoppers with
/// another ``ShopperRole``.
final class Shopper: Agent {
    /// What the shopper does when it next wakes.
    enum Step {
        case challenge, register, poll, reserve, commit, cancel
    }

    /// Things counted once per shopper.
    enum Flag: UInt8 {
        case aheadOfCursor = 1, behindCursor = 2, notTicket = 4, drawSeen = 8, revoked = 16, registeredAgain = 32, refusedOnce = 64
    }

    /// Consecutive failures (no answer, 5xx) of one step before the shopper gives up.
    static let maxFailures = 8

    let role: ShopperRole
    let userID: String
    let source: String
    var step: Step
    var token = ""
    var ticket: UInt64 = 0
    /// Registered before the start: no position until the lottery is drawn.
    var preRegistered = false
    var admitted = false
    var intent = ShopperBehaviour.Intent.buy
    var reservationID = ""
    var skuIndex: Int
    var skusTried = 0
    let skuCount: Int
    var commitKey = ""
    var keysUsed = 0
    var paymentRetries = 0
    var failures = 0
    var pauses = 0
    var rateLimited = 0
    /// When the shopper first asked to register, in ns since the start.
    var firstAsked: Int64?
    var proof: (challenge: String, nonce: String)?
    var attack = AttackProgress()
    private var flags: UInt8 = 0

    init(role: ShopperRole, userID: String, source: String, skuCount: Int, firstSKU: Int, proofOfWork: Bool) {
        self.role = role
        self.userID = userID
        self.source = source
        self.skuCount = skuCount
        self.skuIndex = firstSKU
        self.step = proofOfWork ? .challenge : .register
    }

    func wake(_ simulation: Simulation) {
        if simulation.phase != .running, !isPastQueue {
            return finish(simulation, .timeUp)
        }
        switch step {
        case .challenge: fetchChallenge(simulation)
        case .register: register(simulation)
        case .poll: poll(simulation)
        case .reserve: reserve(simulation)
        case .commit: commit(simulation)
        case .cancel: cancel(simulation)
        }
    }

    var isPastQueue: Bool { ![.challenge, .register, .poll].contains(step) }

    /// Sets `flag`; true the first time.
    func flag(_ flag: Flag) -> Bool {
        defer { flags |= flag.rawValue }
        return flags & flag.rawValue == 0
    }

    /// The visit is over.
    func finish(_ simulation: Simulation, _ outcome: ShopperOutcome) {
        simulation.leave(outcome)
    }

    /// No answer or a 5xx: the same step again after a growing pause, or give up.
    func retry(_ simulation: Simulation) {
        failures += 1
        guard failures <= Self.maxFailures else { return finish(simulation, .gaveUp) }
        simulation.schedule(self, afterMilliseconds: simulation.random.jitter(min(100 << failures, 3_000), spread: 0.5))
    }

    /// Waits for a paused sale to resume (for at most a minute of pauses).
    func waitForResume(_ simulation: Simulation) {
        pauses += 1
        guard pauses <= 60 else { return finish(simulation, .gaveUp) }
        simulation.schedule(self, afterMilliseconds: simulation.random.jitter(1_000))
    }

    /// A think time from the profile (none for bots and attackers).
    func thinkTime(_ simulation: Simulation) -> Int {
        guard role == .shopper else { return 0 }
        let range = simulation.profile.behaviour.thinkMs
        return range.lowerBound + Int(simulation.random.next() % UInt64(range.count))
    }

    private func fetchChallenge(_ simulation: Simulation) {
        let path = "/queue/challenge?sale_id=\(simulation.saleID)" + (deviceFingerprint.map { "&fingerprint=\($0)" } ?? "")
        simulation.send(.challenge, .GET, path, source: source) { outcome in
            guard case .answered(let response) = outcome, response.status == 200,
                let challenge = response.fields.string("challenge"), let difficulty = response.fields.integer("difficulty")
            else { return self.retry(simulation) }
            self.failures = 0
            let bits = Int(min(max(difficulty, 0), 32))
            simulation.offload({ ProofOfWork.solve(challenge: challenge, difficulty: bits) }) { nonce in
                self.solved(simulation, challenge: challenge, nonce: nonce)
            }
        }
    }

    /// A person's browser hashes at its own pace; a bot sends its native answer at once.
    private func solved(_ simulation: Simulation, challenge: String, nonce: String) {
        proof = (challenge, nonce)
        step = .register
        guard role == .shopper else { return register(simulation) }
        let pace = simulation.profile.behaviour.browserHashesPerSecond
        let rate = Double(pace.lowerBound) + Double(pace.upperBound - pace.lowerBound) * simulation.random.unit()
        simulation.schedule(self, afterMilliseconds: Int((Double(nonce) ?? 0) / rate * 1000))
    }

    /// What a waiting-room page measures of its browser, sent with the challenge and the
    /// registration; a bot tool sends nothing.
    private var deviceFingerprint: String? {
        role == .shopper ? "device-\(userID)" : nil
    }

    private func register(_ simulation: Simulation) {
        if firstAsked == nil { firstAsked = simulation.nanosecondsSinceStart() }
        var json = #"{"sale_id":"\#(simulation.saleID)","user_id":"\#(userID)""#
        if let proof { json += #","pow":{"challenge":"\#(proof.challenge)","nonce":"\#(proof.nonce)"}"# }
        if let deviceFingerprint { json += #","fingerprint":"\#(deviceFingerprint)""# }
        simulation.send(.register, .POST, "/queue/register", source: source, json: json + "}") { outcome in
            self.registered(simulation, outcome)
        }
    }

    private func registered(_ simulation: Simulation, _ outcome: LoadOutcome) {
        guard case .answered(let response) = outcome, response.status < 500 else { return retry(simulation) }
        let fields = response.fields
        switch response.status {
        case 200, 201:
            guard let token = fields.string("token"), let parts = TokenParts(token) else {
                simulation.observations.anomaly("register answered without a readable token")
                return finish(simulation, .gaveUp)
            }
            self.token = token
            ticket = parts.ticket
            preRegistered = fields.integer("position") == nil
            failures = 0
            simulation.registered(self, answeredAt: simulation.nanosecondsSinceStart())
            step = .poll
            if role == .forger { return forge(simulation) { self.poll(simulation) } }
            poll(simulation)
        case 429:
            if !role.isAttacker { simulation.observations[funnel: role.isBot].rateLimited += 1 }
            rateLimited += 1
            guard rateLimited < role.registrationAttempts else { return finish(simulation, .rateLimited) }
            simulation.schedule(self, afterMilliseconds: role.isBot ? 20 : simulation.random.jitter(1_000, spread: 0.5))
        case 403 where fields.errorCode == "pow_invalid":
            step = .challenge
            retry(simulation)
        case 409:
            finish(simulation, .registrationClosed)
        default:
            simulation.observations.anomaly("register \(response.status) \(fields.errorCode ?? "")")
            finish(simulation, .gaveUp)
        }
    }

    /// Asks `/queue/status` where the shopper stands.
    func poll(_ simulation: Simulation) {
        simulation.send(.status, .GET, "/queue/status", token: token, source: source) { outcome in
            self.polled(simulation, outcome)
        }
    }

    private func polled(_ simulation: Simulation, _ outcome: LoadOutcome) {
        guard case .answered(let response) = outcome, response.status < 500 else { return retry(simulation) }
        guard response.status == 200 else { return refused(simulation, response) }
        failures = 0
        let fields = response.fields
        let state = fields.string("state") ?? ""
        simulation.observeStatus(self, state: state, position: fields.integer("position"), admittedThrough: fields.integer("admitted_through"))
        switch state {
        case "admitted":
            becameAdmitted(simulation)
        case "waiting", "pre_registered", "paused":
            if role == .earlyCheckout { return checkoutEarly(simulation, eta: fields.integer("eta_seconds")) }
            let asked = Int(fields.integer("poll_after_ms") ?? 1_000)
            simulation.schedule(self, afterMilliseconds: pollDelay(simulation, asked: asked))
        case "sold_out": finish(simulation, .soldOut)
        case "closed": finish(simulation, .saleClosed)
        case "expired": finish(simulation, .admissionExpired)
        default:
            simulation.observations.anomaly("status state \(state)")
            finish(simulation, .gaveUp)
        }
    }

    /// When to poll again: a browser waits what it was asked and a little more (timers, radio);
    /// a bot at its fixed cadence, or a little before what it was asked.
    private func pollDelay(_ simulation: Simulation, asked: Int) -> Int {
        guard role.isBot else { return asked + 10 + Int(simulation.random.next() % 290) }
        let bots = simulation.profile.bots
        return bots.cadence == "mimic" ? Int(Double(asked) * (1 - bots.lead)) : bots.pollIntervalMs
    }

    /// A genuine token refused (401) or another unexpected 4xx. After a first 401 the shopper
    /// registers again, as the waiting-room page would (the same user gets the same ticket back).
    func refused(_ simulation: Simulation, _ response: LoadResponse) {
        let fields = response.fields
        // An evicted bot: the bot defense's verdict, counted in the bot section.
        if role.isBot, fields.errorCode == "token_revoked" { return finish(simulation, .tokenRefused) }
        simulation.observations.anomaly("\(step) \(response.status) \(fields.errorCode ?? ""): \((fields.string("message") ?? "").prefix(80))")
        guard response.status == 401 else { return finish(simulation, .gaveUp) }
        simulation.observations.genuineTokensRefused += 1
        guard flag(.registeredAgain) else { return finish(simulation, .tokenRefused) }
        step = proof == nil ? .register : .challenge
        proof = nil
        simulation.schedule(self, afterMilliseconds: simulation.random.jitter(500, spread: 0.5))
    }

    private func becameAdmitted(_ simulation: Simulation) {
        if !admitted {
            admitted = true
            simulation.admitted(self)
        }
        switch role {
        case .shopper:
            intent = simulation.profile.behaviour.intent(for: simulation.random.unit())
        case .forger:
            return forge(simulation) { self.finish(simulation, .attackDone) }
        case .earlyCheckout:
            return finish(simulation, .attackDone)
        case .bot, .doubleSpender:
            intent = .buy
        }
        step = .reserve
        simulation.schedule(self, afterMilliseconds: thinkTime(simulation))
    }
}
