namespace EdgeMer.Platform.Interop.Libc;

/// <summary>
/// The few C library calls EdgeMer needs that .NET does not offer (a file's owner, the
/// effective user), declared against glibc on Linux. Declarations only: <see cref="UnixFileStatus"/>
/// is the only caller, and raw pointers stay in here.
/// </summary>
internal static partial class LibC
{
    /// <summary>glibc's soname; EdgeMer's Linux targets (Debian, Jetson Linux, Raspberry Pi OS) all use glibc.</summary>
    internal const string Library = "libc.so.6";
}
