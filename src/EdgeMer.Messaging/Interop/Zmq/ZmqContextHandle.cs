using System.Runtime.InteropServices;

namespace EdgeMer.Messaging.Interop.Zmq;

/// <summary>Owns a libzmq context; terminating it waits for sockets (all EdgeMer sockets linger 0).</summary>
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
