using System.Runtime.InteropServices;

namespace EdgeMer.Platform.Interop.Libc;

internal static partial class LibC
{
    // statx(2): its struct has one layout on every Linux architecture, unlike struct stat, and it is
    // in glibc since 2.28 and Linux since 4.11. Values from <fcntl.h> and <linux/stat.h>.
    internal const int AtFdCwd = -100;
    internal const int AtSymlinkNoFollow = 0x100;
    internal const int AtEmptyPath = 0x1000;
    internal const uint StatxType = 0x1;
    internal const uint StatxMode = 0x2;
    internal const uint StatxUid = 0x8;
    internal const uint StatxIno = 0x100;
    internal const int FileTypeMask = 0xF000;
    internal const int RegularFile = 0x8000;
    internal const int SymbolicLink = 0xA000;
    internal const int ENoEnt = 2;
    internal const int ENoSys = 38;

    /// <summary>struct statx: 256 bytes, of which EdgeMer reads the fields below.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxBuffer
    {
        [FieldOffset(0)]
        public uint Mask;

        [FieldOffset(20)]
        public uint Uid;

        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;
    }

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, StatxBuffer* buffer);
}
