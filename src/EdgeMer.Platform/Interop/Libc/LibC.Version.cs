using System.Runtime.InteropServices;

namespace EdgeMer.Platform.Interop.Libc;

internal static partial class LibC
{
    /// <summary>gnu_get_libc_version(3): the running glibc's version ("2.36"); absent from other C libraries.</summary>
    [LibraryImport(Library, EntryPoint = "gnu_get_libc_version")]
    internal static partial nint GnuGetLibcVersion();
}
