namespace EdgeMer.Messaging;

/// <summary>Owns a libzmq socket.</summary>
internal sealed class ZmqSocketHandle : System.Runtime.InteropServices.SafeHandle
{
    public ZmqSocketHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => Interop.Zmq.Close(handle) == 0;
}
