using EdgeMer.Platform.Interop.Libc;

namespace EdgeMer.Platform;

/// <summary>The C library's heap, which native libraries (libzmq, ONNX Runtime) allocate from.</summary>
public static class NativeHeap
{
    /// <summary>
    /// Returns the heap's free memory to the kernel (glibc's <c>malloc_trim</c>), after native code
    /// freed a burst it will not need again; true if any was returned. Throws
    /// <see cref="PlatformNotSupportedException"/> on a C library without it (musl).
    /// </summary>
    public static bool Trim()
    {
        try
        {
            return LibC.MallocTrim(0) != 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            throw new PlatformNotSupportedException("this system's C library has no malloc_trim (it is a glibc extension)", e);
        }
    }
}
