import NIOCore

/// A Swift task executor that runs jobs on one NIO event loop.
///
/// A task that prefers this executor (`withTaskExecutorPreference`) runs its nonisolated code on
/// the event loop's thread instead of the global concurrency pool: a connection's request handling
/// then stays on the event loop that reads and writes its socket, and a continuation resumed from
/// another thread (a Redis reply) is brought back here with one `execute`, not a pool wake-up and
/// a second hop to write the answer.
///
/// Nothing may block in such a task: it shares the thread with every socket of that event loop
/// (the daemon's rule anyway: no blocking call on an event loop or a concurrency thread).
final class EventLoopTaskExecutor: TaskExecutor {
    /// The event loop the jobs run on.
    let eventLoop: any EventLoop

    /// Creates an executor for `eventLoop`; cheap, one per connection is fine.
    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
