using System.Runtime.InteropServices;

namespace EdgeMer.Platform.Interop.Libc;

internal static partial class LibC
{
    /// <summary>
    /// malloc_trim(3), a glibc extension: returns free memory in every arena (not only at the top of
    /// the heap) to the kernel; 1 if any was returned. Absent from other C libraries.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "malloc_trim")]
    internal static partial int MallocTrim(nuint pad);
}
