using EdgeMer.Messaging.Interop.Zmq;

namespace EdgeMer.Messaging.Zmq;

/// <summary>
/// A libzmq context: owns the I/O threads and is the scope of <c>inproc://</c> endpoints (so the ZAP
/// handler and the sockets it authenticates must share one). Thread-safe, unlike sockets.
/// </summary>
public sealed class ZmqContext : IDisposable
{
    private readonly ZmqContextHandle _handle;

    // The handle reads as closed only once its last socket is gone; this says Dispose was called.
    private volatile bool _disposed;

    /// <summary>Creates a context with <paramref name="ioThreads"/> I/O threads.</summary>
    public ZmqContext(int ioThreads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ioThreads, 1);
        LibZmq.EnsureResolver();
        _handle = LibZmq.CtxNew();
        if (_handle.IsInvalid)
        {
            throw ZmqError.Create("zmq_ctx_new");
        }

        ZmqError.ThrowIfFailed(LibZmq.CtxSet(_handle, LibZmq.IoThreads, ioThreads), "zmq_ctx_set(ZMQ_IO_THREADS)");

        // Not "blocky": terminating the context must never wait for a subscriber that went away
        // with messages still queued for it.
        ZmqError.ThrowIfFailed(LibZmq.CtxSet(_handle, LibZmq.Blocky, 0), "zmq_ctx_set(ZMQ_BLOCKY)");
    }

    internal ZmqContextHandle Handle => _handle;

    /// <summary>Creates a socket owned by the calling thread.</summary>
    public ZmqSocket CreateSocket(ZmqSocketType type)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new ZmqSocket(this, type);
    }

    /// <summary>
    /// Terminates the context, or, while sockets of it are still open, lets the last of them do so
    /// when it closes: every socket holds the context, so this never waits for one. No socket can
    /// be created afterwards.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }
}
