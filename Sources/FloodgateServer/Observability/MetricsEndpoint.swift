import Hummingbird
import Prometheus

/// Serves the Prometheus registry at `GET /metrics` in the text exposition format.
struct MetricsEndpoint: Sendable {
    let registry: PrometheusCollectorRegistry

    func respond() -> Response {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
