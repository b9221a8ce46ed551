import FloodgateEngine
import ServiceLifecycle

/// Lets the payments still running in the background (answered `payment_pending`) settle when
/// the daemon stops: it is shut down after the HTTP server and before Redis, and waits at most
/// the gateway timeout and the recording margin.
struct PaymentDrain: Service {
    let engine: SaleEngine

    func run() async throws {
        try? await gracefulShutdown()
        await engine.settlePaymentsInFlight(atMost: engine.payments.gatewayTimeout + engine.payments.recordingMargin)
    }
}
