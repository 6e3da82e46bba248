using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using EdgeMer.Platform.Interop.Libc;
using Microsoft.Win32.SafeHandles;

namespace EdgeMer.Platform;

/// <summary>
/// What <c>statx</c> says about a file: its type, owner, permission bits and identity (device and
/// inode, to tell whether two looks saw the same file). Linux only.
/// </summary>
[SupportedOSPlatform("linux")]
public readonly record struct UnixFileStatus(bool IsRegularFile, bool IsSymbolicLink, uint OwnerId, UnixFileMode Mode, ulong Device, ulong Inode)
{
    private const uint Wanted = LibC.StatxType | LibC.StatxMode | LibC.StatxUid | LibC.StatxIno;

    /// <summary>The effective user id of this process.</summary>
    public static uint EffectiveUserId => LibC.GetEffectiveUserId();

    /// <summary>
    /// Looks at <paramref name="path"/> itself, not at what a symbolic link there points to. Returns
    /// false when nothing is there; throws <see cref="IOException"/> for any other failure.
    /// </summary>
    public static unsafe bool TryGetWithoutFollowing(string path, out UnixFileStatus status)
    {
        LibC.StatxBuffer buffer = default;
        int rc;
        try
        {
            rc = LibC.Statx(LibC.AtFdCwd, path, LibC.AtSymlinkNoFollow, Wanted, &buffer);
        }
        catch (EntryPointNotFoundException e)
        {
            throw NoStatx(e);
        }

        if (rc != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.ENoEnt)
            {
                status = default;
                return false;
            }

            throw Failure(path, errno);
        }

        status = From(buffer, path);
        return true;
    }

    /// <summary>Looks at the file <paramref name="handle"/> has open (named <paramref name="path"/> in errors).</summary>
    public static unsafe UnixFileStatus Of(SafeFileHandle handle, string path)
    {
        ArgumentNullException.ThrowIfNull(handle);
        bool added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            int fd = checked((int)handle.DangerousGetHandle());
            LibC.StatxBuffer buffer = default;
            int rc;
            try
            {
                rc = LibC.Statx(fd, "", LibC.AtEmptyPath, Wanted, &buffer);
            }
            catch (EntryPointNotFoundException e)
            {
                throw NoStatx(e);
            }

            if (rc != 0)
            {
                throw Failure(path, Marshal.GetLastPInvokeError());
            }

            return From(buffer, path);
        }
        finally
        {
            handle.DangerousRelease();
        }
    }

    private static PlatformNotSupportedException NoStatx(EntryPointNotFoundException e) =>
        new("this system's C library has no statx (glibc 2.28 or later is needed)", e);

    private static UnixFileStatus From(in LibC.StatxBuffer buffer, string path)
    {
        if ((buffer.Mask & Wanted) != Wanted)
        {
            throw new IOException($"statx({path}) did not report the file's type, mode, owner and inode");
        }

        int type = buffer.Mode & LibC.FileTypeMask;
        return new UnixFileStatus(
            type == LibC.RegularFile,
            type == LibC.SymbolicLink,
            buffer.Uid,
            (UnixFileMode)(buffer.Mode & 0xFFF),
            ((ulong)buffer.DeviceMajor << 32) | buffer.DeviceMinor,
            buffer.Inode);
    }

    private static Exception Failure(string path, int errno) => errno == LibC.ENoSys
        ? new PlatformNotSupportedException("this kernel has no statx (Linux 4.11 or later is needed)")
        : new IOException($"statx({path}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
}
