using System.Runtime.InteropServices;

namespace EdgeMer.Messaging.Interop.Zmq;

/// <summary>
/// Owns a libzmq context. Every <see cref="ZmqSocketHandle"/> holds a lease on it (DangerousAddRef),
/// so zmq_ctx_term runs only once the last socket is closed and never has a socket to wait for.
/// </summary>
internal sealed class ZmqContextHandle : SafeHandle
{
    public ZmqContextHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        // zmq_ctx_term may be interrupted by a signal; it is safe to call again.
        while (LibZmq.CtxTerm(handle) != 0)
        {
            if (Marshal.GetLastPInvokeError() != LibZmq.EIntr)
            {
                return false;
            }
        }

        return true;
    }
}
