using System.Runtime.InteropServices;

namespace EdgeMer.Messaging.Interop.Zmq;

internal static partial class LibZmq
{
    [LibraryImport(Library, EntryPoint = "zmq_socket", SetLastError = true)]
    internal static partial ZmqSocketHandle Socket(ZmqContextHandle context, int type);

    [LibraryImport(Library, EntryPoint = "zmq_close", SetLastError = true)]
    internal static partial int Close(IntPtr socket);

    [LibraryImport(Library, EntryPoint = "zmq_setsockopt", SetLastError = true)]
    internal static unsafe partial int SetSockOpt(ZmqSocketHandle socket, int option, void* value, nuint size);

    [LibraryImport(Library, EntryPoint = "zmq_getsockopt", SetLastError = true)]
    internal static unsafe partial int GetSockOpt(ZmqSocketHandle socket, int option, void* value, nuint* size);

    [LibraryImport(Library, EntryPoint = "zmq_bind", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Bind(ZmqSocketHandle socket, string endpoint);

    [LibraryImport(Library, EntryPoint = "zmq_connect", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Connect(ZmqSocketHandle socket, string endpoint);

    [LibraryImport(Library, EntryPoint = "zmq_unbind", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Unbind(ZmqSocketHandle socket, string endpoint);

    [LibraryImport(Library, EntryPoint = "zmq_disconnect", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Disconnect(ZmqSocketHandle socket, string endpoint);

    [LibraryImport(Library, EntryPoint = "zmq_send", SetLastError = true)]
    internal static unsafe partial int Send(ZmqSocketHandle socket, byte* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "zmq_socket_monitor", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SocketMonitor(ZmqSocketHandle socket, string? endpoint, int events);
}
