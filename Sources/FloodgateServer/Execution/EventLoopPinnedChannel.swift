import HummingbirdCore
import Logging
import NIOCore

/// A Hummingbird server child channel whose connections are handled on their own event loop.
///
/// Hummingbird runs each connection's request loop as a child task of the server; by default
/// that task runs on the global concurrency pool, so every request hops event loop → pool (to run
/// the handler) → event loop (to write the answer), and every Redis reply wakes a pool thread.
/// This wrapper runs the same handling (``Base``'s, unchanged: the same parser, router,
/// middlewares and handlers) with a task executor preference for the connection's event loop
/// (``EventLoopTaskExecutor``). Child tasks and continuations inherit the preference.
struct EventLoopPinnedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    /// The child channel doing the work (HTTP/1.1 in the daemon).
    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        let executor = EventLoopTaskExecutor(eventLoop: value.channel.eventLoop)
        await withTaskExecutorPreference(executor) {
            await base.handle(value: value, logger: logger)
        }
    }
}
