using System.Runtime.InteropServices;

namespace EdgeMer.Messaging.Interop.Zmq;

/// <summary>Owns a libzmq socket.</summary>
internal sealed class ZmqSocketHandle : SafeHandle
{
    public ZmqSocketHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => LibZmq.Close(handle) == 0;
}
