using System.Runtime.InteropServices;

namespace EdgeMer.Platform.Interop.Libc;

internal static partial class LibC
{
    /// <summary>geteuid(2): the user whose permissions the process has; it cannot fail.</summary>
    [LibraryImport(Library, EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();
}
