using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeMer.Messaging.Interop.Zmq;

internal static partial class LibZmq
{
    /// <summary>zmq_msg_t: 64 opaque bytes, pointer-aligned; lives on the caller's stack.</summary>
    [InlineArray(8)]
    internal struct Message
    {
        private long _element;
    }

    [LibraryImport(Library, EntryPoint = "zmq_msg_init")]
    internal static unsafe partial int MsgInit(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_recv", SetLastError = true)]
    internal static unsafe partial int MsgRecv(Message* message, ZmqSocketHandle socket, int flags);

    [LibraryImport(Library, EntryPoint = "zmq_msg_close")]
    internal static unsafe partial int MsgClose(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_data")]
    internal static unsafe partial byte* MsgData(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_size")]
    internal static unsafe partial nuint MsgSize(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_more")]
    internal static unsafe partial int MsgMore(Message* message);

    /// <summary>Reads a metadata property (e.g. "User-Id" set by ZAP); the result is owned by the message.</summary>
    [LibraryImport(Library, EntryPoint = "zmq_msg_gets", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial byte* MsgGets(Message* message, string property);
}
