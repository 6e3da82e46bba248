using System.Runtime.InteropServices;
using EdgeMer.Platform.Interop.Libc;

namespace EdgeMer.Platform;

/// <summary>
/// The C library EdgeMer runs on. A Native AOT binary needs a glibc at least as new as the one it
/// was linked against (its GLIBC_x.y symbol versions); <see cref="Floor"/> is that version for the
/// binaries this repository publishes, and doctor compares boards against it.
/// </summary>
public static class CLibrary
{
    /// <summary>
    /// The newest GLIBC_x.y symbol version the published <c>edgemer</c> (linux-x64 and linux-arm64,
    /// linked on Debian 12) and the libraries published beside it ask for: 2.34, from <c>edgemer</c>
    /// itself (the pthread and dl functions that moved into libc in 2.34); libonnxruntime.so asks
    /// for 2.28. Measured with readelf by the arm64 test (<c>Arm64DeviceBinaryTests</c>), which
    /// fails if a change raises it. docs/native-aot.md maps it to the boards.
    /// </summary>
    public static Version Floor { get; } = new(2, 34);

    /// <summary>The running glibc's version (gnu_get_libc_version), or null on another C library or OS.</summary>
    public static Version? RunningGlibc()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(LibC.GnuGetLibcVersion()) is { } text && Version.TryParse(text, out Version? version) ? version : null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }
}
