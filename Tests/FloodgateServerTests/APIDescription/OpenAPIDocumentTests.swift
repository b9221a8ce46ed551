import FloodgateCore
import FloodgateEngine
import FloodgateRedis
@testable import FloodgateServer
import FloodgateTesting
import Foundation
import Hummingbird
import Testing

@Suite("OpenAPI document: every route of the router is described, and nothing else")
struct OpenAPIDocumentTests {
    /// `METHOD /path` of every route the daemon's router has, `{id}` for a `:id` parameter.
    private static func routerRoutes(_ document: APIDescription) throws -> Set<String> {
        let redis = RedisClient(configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: "redis://127.0.0.1:1")))
        let engine = SaleEngine(redis: redis, scripts: try ScriptLibrary.load())
        let secret = Data("route-listing".utf8)
        let services = ServerServices(
            engine: engine, directory: SaleDirectory(), tokens: TokenSigner(secret: secret), challenges: ChallengeSigner(secret: secret),
            traffic: TrafficStats(), registrationLimiter: SourceRateLimiter(perSecond: 1, burst: 1),
            checkoutLimiter: SourceRateLimiter(perSecond: 1, burst: 1),
            archiver: SaleArchiver(engine: engine, root: "/nonexistent", graceSeconds: 0), clientAddresses: ClientAddressPolicy(),
            bots: BotDefense(engine: engine)
        )
        let router = HTTPApplication.router(services: services, admins: try AdminAuthority(token: "t"), apiDescription: document, page: try PageResources.loadNow())
        return Set(router.routes.map { route in
            // "GET /admin/sales/:id" -> "GET /admin/sales/{id}"
            "\(route)".split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        })
    }

    /// `METHOD /path` of every operation in the document's `paths`.
    private static func documentedRoutes(_ yaml: String) -> Set<String> {
        var routes: Set<String> = []
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:"; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "),
                let method = ["get", "put", "post", "delete", "patch", "head", "options"].first(where: { line == "    \($0):" })
            {
                routes.insert(method.uppercased() + " " + path)
            }
        }
        return routes
    }

    @Test("the router's routes and the document's operations are the same set")
    func routesMatch() async throws {
        let document = try await APIDescription.load()
        let documented = Self.documentedRoutes(String(decoding: document.yaml, as: UTF8.self))
        let routed = try Self.routerRoutes(document)
        #expect(routed.count >= 22)
        for route in routed.subtracting(documented).sorted() {
            Issue.record("the router has \(route) but openapi.yaml does not describe it: add it under paths")
        }
        for route in documented.subtracting(routed).sorted() {
            Issue.record("openapi.yaml describes \(route) but the router has no such route: remove it or add the route")
        }
    }

    @Test("GET /openapi.yaml serves the document as application/yaml, OpenAPI 3.1")
    func served() async throws {
        try await DaemonFixture.with(sale: nil) { client, _, _ in
            let response = try await HTTPProbe.request("GET", client.baseURL + "/openapi.yaml")
            #expect(response.status == 200)
            #expect(response.contentType == "application/yaml")
            #expect(response.text.hasPrefix("openapi: 3.1.0\n"))
            #expect(Self.documentedRoutes(response.text).contains("POST /admin/sales/{id}/archive"))
        }
    }
}
