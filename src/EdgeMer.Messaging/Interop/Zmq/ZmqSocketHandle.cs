using System.Runtime.InteropServices;

namespace EdgeMer.Messaging.Interop.Zmq;

/// <summary>
/// Owns a libzmq socket. It holds a lease on its context's handle (and on anything else the socket
/// depends on, such as the ZAP handler that authenticates its peers) and gives them back only after
/// zmq_close. zmq_ctx_term waits until every socket of the context is closed, so a context released
/// before its sockets (two leaked handles finalized in the wrong order) would block the finalizer
/// thread for good; with the lease the context is terminated by whoever closes its last socket.
/// </summary>
internal sealed class ZmqSocketHandle : SafeHandle
{
    private ZmqContextHandle? _context;
    private List<IDisposable>? _releasedAfterClose;

    public ZmqSocketHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>
    /// Takes over a lease on <paramref name="context"/> the caller already holds (DangerousAddRef);
    /// it is released after zmq_close.
    /// </summary>
    internal void AdoptContextLease(ZmqContextHandle context)
    {
        _context = context;
    }

    /// <summary>Disposes <paramref name="lease"/> once the socket is closed.</summary>
    internal void ReleaseAfterClose(IDisposable lease)
    {
        (_releasedAfterClose ??= []).Add(lease);
    }

    protected override bool ReleaseHandle()
    {
        bool closed = LibZmq.Close(handle) == 0;
        if (_releasedAfterClose is { } leases)
        {
            foreach (IDisposable lease in leases)
            {
                lease.Dispose();
            }
        }

        // Last: if this was the context's final socket, this terminates the context, which no
        // longer has a socket to wait for.
        _context?.DangerousRelease();
        return closed;
    }
}
