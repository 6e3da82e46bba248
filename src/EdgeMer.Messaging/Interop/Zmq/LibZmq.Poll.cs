using System.Runtime.InteropServices;

namespace EdgeMer.Messaging.Interop.Zmq;

internal static partial class LibZmq
{
    /// <summary>zmq_pollitem_t on POSIX (the fd is a SOCKET on Windows, which EdgeMer does not poll).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollItem
    {
        public IntPtr Socket;
        public int FileDescriptor;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport(Library, EntryPoint = "zmq_poll", SetLastError = true)]
    internal static unsafe partial int Poll(PollItem* items, int count, long timeoutMilliseconds);
}
