using System.Reflection;
using System.Runtime.InteropServices;

namespace EdgeMer.Messaging.Interop.Zmq;

/// <summary>
/// EdgeMer's binding of libzmq (the ZeroMQ C API, 4.3 series). Declarations only: the managed
/// proxies in <c>EdgeMer.Messaging.Zmq</c> are the only callers, and raw pointers stay in here.
/// </summary>
internal static partial class LibZmq
{
    /// <summary>The logical library name; <see cref="Resolve"/> maps it to the file each OS ships.</summary>
    internal const string Library = "zmq";

    // Debian ships only the versioned soname (libzmq.so.5) unless the -dev package is installed,
    // so the plain probing of "libzmq.so" is not enough.
    private static readonly string[] s_candidates = OperatingSystem.IsWindows()
        ? ["libzmq.dll", "libzmq"]
        : OperatingSystem.IsMacOS() ? ["libzmq.5.dylib", "libzmq.dylib"] : ["libzmq.so.5", "libzmq.so"];

    static LibZmq()
    {
        NativeLibrary.SetDllImportResolver(typeof(LibZmq).Assembly, Resolve);
    }

    /// <summary>Forces the resolver registration before any import is bound.</summary>
    internal static void EnsureResolver()
    {
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(libraryName, Library, StringComparison.Ordinal))
        {
            return IntPtr.Zero;
        }

        foreach (string candidate in s_candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out IntPtr handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
