import DequeModule
import NIOCore

/// A call whose command has been queued and whose reply has not arrived yet.
struct PendingCall {
    let id: UInt64
    let deadline: NIODeadline
    /// The call's timeout, for the error that reports it.
    let timeout: TimeAmount
    /// Nil once the caller was answered early (timeout or cancellation): the reply is then dropped.
    var continuation: UnsafeContinuation<RedisReply, any Error>?
}

/// What a connection shares between its callers and its event loop, behind one lock.
///
/// Commands are appended to `outbound` in the same critical section as their ``PendingCall`` is
/// appended to `calls`, so replies (which Redis sends in order) are matched to callers in order.
struct PendingCalls {
    var outbound = ByteBuffer()
    var calls = Deque<PendingCall>()
    /// Whether a drain of `outbound` is already scheduled on the event loop.
    var drainScheduled = false
    /// The earliest deadline among the calls still waiting, to skip needless timeout scans.
    var earliestDeadline = NIODeadline.distantFuture
    /// Set once the connection is closed; later calls fail with it at once.
    var closedError: RedisError?

    enum EnqueueResult {
        case enqueued(scheduleDrain: Bool)
        case rejected(any Error)
    }

    /// Queues a command and its caller unless the connection is closed, full or the task is cancelled.
    /// - Parameter prefix: commands written just before `command` (in the same batch, nothing
    ///   between them), whose replies are read and dropped: `ASKING` before a redirected call.
    mutating func enqueue(
        _ command: UnsafeRawBufferPointer,
        prefix: (bytes: [UInt8], replies: Int)? = nil,
        id: UInt64,
        timeout: TimeAmount,
        limit: Int,
        continuation: UnsafeContinuation<RedisReply, any Error>
    ) -> EnqueueResult {
        // Nothing was written: the caller may safely send the command elsewhere.
        if let closedError { return .rejected(RedisError.notConnected(closedError.description)) }
        if calls.count >= limit { return .rejected(RedisError.overloaded(pending: calls.count)) }
        // Task.isCancelled is set before cancellation handlers run, so checking it under the lock
        // closes the race with `cancel(id:)`.
        if Task.isCancelled { return .rejected(CancellationError()) }
        let deadline = NIODeadline.now() + timeout
        if let prefix {
            outbound.writeBytes(prefix.bytes)
            for _ in 0..<prefix.replies {
                calls.append(PendingCall(id: 0, deadline: deadline, timeout: timeout, continuation: nil))
            }
        }
        outbound.writeBytes(command)
        calls.append(PendingCall(id: id, deadline: deadline, timeout: timeout, continuation: continuation))
        earliestDeadline = min(earliestDeadline, deadline)
        let scheduleDrain = !drainScheduled
        drainScheduled = true
        return .enqueued(scheduleDrain: scheduleDrain)
    }

    /// Takes the bytes waiting to be written.
    mutating func takeOutbound() -> ByteBuffer {
        drainScheduled = false
        let bytes = outbound
        outbound.clear()
        return bytes
    }

    /// Takes the continuations of the next `count` calls, in order (nil for calls answered early).
    mutating func complete(count: Int) -> [UnsafeContinuation<RedisReply, any Error>?] {
        var taken: [UnsafeContinuation<RedisReply, any Error>?] = []
        taken.reserveCapacity(count)
        for _ in 0..<min(count, calls.count) {
            taken.append(calls.removeFirst().continuation)
        }
        return taken
    }

    /// Takes the continuation of call `id`, leaving its place so its reply is still consumed.
    mutating func detach(id: UInt64) -> UnsafeContinuation<RedisReply, any Error>? {
        guard let index = calls.firstIndex(where: { $0.id == id }) else { return nil }
        defer { calls[index].continuation = nil }
        return calls[index].continuation
    }

    /// Takes the continuations of every call whose deadline has passed, with the error to give each.
    mutating func detachExpired(now: NIODeadline) -> [(UnsafeContinuation<RedisReply, any Error>, RedisError)] {
        guard earliestDeadline <= now else { return [] }
        var expired: [(UnsafeContinuation<RedisReply, any Error>, RedisError)] = []
        var earliest = NIODeadline.distantFuture
        for index in calls.indices {
            guard let continuation = calls[index].continuation else { continue }
            if calls[index].deadline <= now {
                expired.append((continuation, .timeout(milliseconds: calls[index].timeout.nanoseconds / 1_000_000)))
                calls[index].continuation = nil
            } else {
                earliest = min(earliest, calls[index].deadline)
            }
        }
        earliestDeadline = earliest
        return expired
    }

    /// Closes the connection's queue: takes every waiting continuation and refuses later calls.
    mutating func close(with error: RedisError) -> [UnsafeContinuation<RedisReply, any Error>] {
        if closedError == nil { closedError = error }
        let waiting = calls.compactMap(\.continuation)
        calls.removeAll()
        outbound.clear()
        return waiting
    }
}
