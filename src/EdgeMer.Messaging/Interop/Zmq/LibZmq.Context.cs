using System.Runtime.InteropServices;

namespace EdgeMer.Messaging.Interop.Zmq;

internal static partial class LibZmq
{
    [LibraryImport(Library, EntryPoint = "zmq_ctx_new", SetLastError = true)]
    internal static partial ZmqContextHandle CtxNew();

    [LibraryImport(Library, EntryPoint = "zmq_ctx_term", SetLastError = true)]
    internal static partial int CtxTerm(IntPtr context);

    [LibraryImport(Library, EntryPoint = "zmq_ctx_set", SetLastError = true)]
    internal static partial int CtxSet(ZmqContextHandle context, int option, int value);
}
