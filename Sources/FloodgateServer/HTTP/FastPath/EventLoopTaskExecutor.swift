import NIOCore

/// A Swift task executor that runs jobs on one NIO event loop.
///
/// A task route's task (``TaskRoutes``) prefers the executor of its connection's event loop:
/// the request's handler then runs on the thread that read the request and writes the answer,
/// and a continuation resumed there (a Redis reply read on the same loop) carries on without
/// waking a thread of the concurrency pool.
///
/// Nothing may block in such a task: it shares the thread with every socket of that event loop
/// (the daemon's rule anyway: no blocking call on an event loop or a concurrency thread).
final class EventLoopTaskExecutor: TaskExecutor {
    /// The event loop the jobs run on.
    let eventLoop: any EventLoop

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
