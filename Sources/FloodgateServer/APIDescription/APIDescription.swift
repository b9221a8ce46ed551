import Foundation
import Hummingbird
import NIOPosix

/// The OpenAPI 3.1 description of the API (`openapi.yaml`, a resource of this module), served
/// at `GET /openapi.yaml` and kept true to the router by a test.
struct APIDescription: Sendable {
    /// The document's bytes.
    let yaml: [UInt8]

    /// Reads the document from the module's resources, on NIO's thread pool.
    /// - Throws: ``DaemonError`` when the resource is missing from the installed bundle.
    static func load() async throws -> APIDescription {
        try await NIOThreadPool.singleton.runIfActive {
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
                let data = try? Data(contentsOf: url)
            else { throw DaemonError("openapi.yaml is missing from the FloodgateServer bundle") }
            return APIDescription(yaml: Array(data))
        }
    }

    /// Adds `GET /openapi.yaml`.
    func add(to router: Router<some RequestContext>) {
        let yaml = yaml
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: yaml)))
        }
    }
}
