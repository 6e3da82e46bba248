using System.Runtime.InteropServices;

namespace EdgeMer.Platform.Interop.Libc;

internal static partial class LibC
{
    internal const int ORdOnly = 0;

    internal const int ODirectory = 0x10000;

    internal const int OCloexec = 0x80000;

    /// <summary>open(2); -1 with errno set on failure.</summary>
    [LibraryImport(Library, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Open(string path, int flags);

    /// <summary>fsync(2).</summary>
    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int Fsync(int fd);

    /// <summary>close(2).</summary>
    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    /// <summary>rename(2): replaces <paramref name="newPath"/> atomically, a symbolic link itself rather than what it points to.</summary>
    [LibraryImport(Library, EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Rename(string oldPath, string newPath);
}
