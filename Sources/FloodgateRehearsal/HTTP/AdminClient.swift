import NIOCore
import NIOHTTP1

/// Calls the admin API from async code through a small pool of its own on the load generator's
/// event loop. A call that gets no answer (a daemon being killed) is tried again, on another
/// daemon when there is one, for a few seconds.
struct AdminClient: Sendable {
    /// An HTTP answer.
    struct Answer: Sendable {
        let status: Int
        let body: String

        var fields: JSONFields { JSONFields(body) }
    }

    private let loop: any EventLoop
    private let balancer: NIOLoopBound<TargetBalancer>
    private let token: String

    private init(loop: any EventLoop, balancer: NIOLoopBound<TargetBalancer>, token: String) {
        self.loop = loop
        self.balancer = balancer
        self.token = token
    }

    /// A client of `targets` with the admin token.
    static func make(targets: [TargetAddress], adminToken: String, loop: any EventLoop) async throws -> AdminClient {
        let balancer = try await loop.submit {
            NIOLoopBound(try TargetBalancer(targets: targets, loop: loop, connectionsPerTarget: 2, timeout: .seconds(60)), eventLoop: loop)
        }.get()
        return AdminClient(loop: loop, balancer: balancer, token: adminToken)
    }

    /// Sends a request with the admin token, trying again for about 5 s while no daemon answers.
    /// - Throws: ``RehearsalSetupError`` when no daemon answered.
    func call(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> Answer {
        var failure = TransportFailure.connectFailed
        for attempt in 0..<20 {
            if attempt > 0 { try await Task.sleep(for: .milliseconds(250)) }
            switch await send(method, path, json: json) {
            case .success(let answer): return answer
            case .failure(let why): failure = why
            }
        }
        throw RehearsalSetupError("\(method) \(path): no daemon answered (\(failure.rawValue))")
    }

    /// Creates the run's sale.
    /// - Returns: the lottery seed's SHA-256 the daemon published, if it answered one.
    /// - Throws: ``RehearsalSetupError`` with the daemon's answer when it is refused.
    func createSale(_ plan: SalePlan) async throws -> String? {
        let answer = try await call(.POST, "/admin/sales", json: plan.json)
        // 409: a first attempt whose answer was lost created it (the id is the run's own).
        guard answer.status == 201 || answer.status == 409 else {
            throw RehearsalSetupError("creating the sale: \(answer.status) \(answer.body)")
        }
        return answer.fields.string("lottery_seed_sha256")
    }

    /// Closes the pool's connections.
    func stop() {
        let balancer = balancer
        loop.execute { balancer.value.stop() }
    }

    private func send(_ method: HTTPMethod, _ path: String, json: String?) async -> Result<Answer, TransportFailure> {
        let promise = loop.makePromise(of: Result<Answer, TransportFailure>.self)
        let headers = HTTPHeaders([("Authorization", "Bearer \(token)")] + (json == nil ? [] : [("Content-Type", "application/json")]))
        let body = json.map { ByteBuffer(string: $0) }
        let balancer = balancer
        loop.execute {
            let request = LoadRequest(method: method, uri: path, headers: headers, body: body, issuedAt: .now()) { outcome in
                switch outcome {
                case .answered(let response): promise.succeed(.success(Answer(status: response.status, body: String(buffer: response.body))))
                case .failed(let failure): promise.succeed(.failure(failure))
                }
            }
            balancer.value.submit(request)
        }
        return (try? await promise.futureResult.get()) ?? .failure(.stopped)
    }
}
