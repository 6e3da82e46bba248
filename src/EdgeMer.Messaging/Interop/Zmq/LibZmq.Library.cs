using System.Runtime.InteropServices;

namespace EdgeMer.Messaging.Interop.Zmq;

internal static partial class LibZmq
{
    [LibraryImport(Library, EntryPoint = "zmq_version")]
    internal static partial void Version(out int major, out int minor, out int patch);

    [LibraryImport(Library, EntryPoint = "zmq_has", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Has(string capability);

    [LibraryImport(Library, EntryPoint = "zmq_errno")]
    internal static partial int Errno();

    /// <summary>Returns a static string owned by libzmq: never freed, so not marshalled as a string.</summary>
    [LibraryImport(Library, EntryPoint = "zmq_strerror")]
    internal static unsafe partial byte* StrError(int errorNumber);
}
