import FloodgateRedis
import FloodgateSystem
import FloodgateTesting
import Foundation
import Testing

@Suite("floodgate serve: health, readiness and metrics over real HTTP")
struct ServeEndpointTests {
    @Test("/health answers 200 and /metrics is Prometheus text with request counts and latencies")
    func healthAndMetrics() async throws {
        try await TestRedisServer.with { redis in
            let daemon = try await TestDaemon.start(["--redis", "redis://127.0.0.1:\(redis.port)"])
            let health = try await HTTPProbe.request("GET", daemon.baseURL + "/health")
            #expect(health.status == 200)
            #expect(health.json?["status"] as? String == "ok")
            _ = try await HTTPProbe.request("GET", daemon.baseURL + "/ready")
            let metrics = try await HTTPProbe.request("GET", daemon.baseURL + "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.contentType?.hasPrefix("text/plain") == true)
            let problems = PrometheusText.problems(in: metrics.text)
            #expect(problems.isEmpty, "not Prometheus text: \(problems)")
            #expect(metrics.text.contains(#"hb_requests{http_route="/health",http_request_method="GET",http_response_status_code="200"} 1"#))
            #expect(metrics.text.contains("http_server_request_duration_bucket{"))
            #expect(metrics.text.contains(#"floodgate_redis_call_duration_seconds_count{command="PING"}"#))
            #expect(await daemon.stop() == 0)
        }
    }

    @Test("/ready is 503 with the reason while Redis is down and 200 once it is back")
    func readinessFollowsRedis() async throws {
        let redis = try await TestRedisServer.start()
        let daemon = try await TestDaemon.start(["--redis", "redis://127.0.0.1:\(redis.port)"])
        #expect(try await HTTPProbe.request("GET", daemon.baseURL + "/ready").status == 200)
        await redis.stop()
        let down = try await HTTPProbe.request("GET", daemon.baseURL + "/ready")
        #expect(down.status == 503)
        let error = down.json?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "not_ready")
        #expect((error?["message"] as? String)?.contains("Redis") == true)
        #expect(try await HTTPProbe.request("GET", daemon.baseURL + "/health").status == 200)
        let restarted = try await redis.restarted()
        var status = 0
        for _ in 0..<100 where status != 200 {
            status = try await HTTPProbe.request("GET", daemon.baseURL + "/ready").status
            if status != 200 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(status == 200)
        await daemon.stop()
        await restarted.stop()
    }
}

/// Checks text against the Prometheus exposition format, line by line.
enum PrometheusText {
    static func problems(in text: String) -> [String] {
        let sample = try! Regex(#"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.]+([eE][-+]?[0-9]+)?|NaN|\+Inf|-Inf)( -?[0-9]+)?$"#)
        let type = try! Regex(#"^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)$"#)
        var problems: [String] = []
        var samples = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("#") {
                if (try? type.wholeMatch(in: line)) == nil { problems.append(String(line)) }
            } else if (try? sample.wholeMatch(in: line)) == nil {
                problems.append(String(line))
            } else {
                samples += 1
            }
        }
        if samples == 0 { problems.append("no samples") }
        return problems
    }
}
