using System.Runtime.InteropServices;
using EdgeMer.Platform.Interop.Libc;

namespace EdgeMer.Platform;

/// <summary>
/// What makes a change to a folder survive a power cut or <c>kill -9</c> whole: a folder's entries
/// flushed to disk (after a rename or a new file in it), and a symbolic link replaced atomically, so
/// whoever follows it sees the old target or the new one, never none.
/// </summary>
public static class DurableFolder
{
    /// <summary>Flushes <paramref name="folder"/>'s entries to disk (fsync on the folder). Linux only; elsewhere nothing.</summary>
    public static void Sync(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = LibC.Open(folder, LibC.ORdOnly | LibC.ODirectory | LibC.OCloexec);
        if (fd < 0)
        {
            throw new IOException($"cannot open folder {folder} to flush it: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        try
        {
            if (LibC.Fsync(fd) != 0)
            {
                throw new IOException($"flushing folder {folder} failed: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>Points the symbolic link <paramref name="link"/> at <paramref name="target"/> atomically (a new link renamed over the old one), then flushes its folder.</summary>
    public static void ReplaceLink(string link, string target)
    {
        string full = Path.GetFullPath(link);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{link} has no folder", nameof(link));
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.link");
        File.CreateSymbolicLink(temporary, target);
        if (LibC.Rename(temporary, full) != 0)
        {
            string error = Marshal.GetLastPInvokeErrorMessage();
            File.Delete(temporary);
            throw new IOException($"replacing link {full} failed: {error}");
        }

        Sync(folder);
    }

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/> (a file, folder or link, in the same file system) and flushes the folder.</summary>
    public static void Rename(string from, string to)
    {
        if (LibC.Rename(Path.GetFullPath(from), Path.GetFullPath(to)) != 0)
        {
            throw new IOException($"renaming {from} to {to} failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        Sync(Path.GetDirectoryName(Path.GetFullPath(to))!);
    }
}
