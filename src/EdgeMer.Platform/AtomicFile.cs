using System.Text;

namespace EdgeMer.Platform;

/// <summary>
/// Writes a file so that it is either replaced whole or left as it was: the bytes go to a temporary
/// file beside it, are flushed to disk, and the temporary file is renamed over the target. The one
/// way EdgeMer writes a file another process or a restart may read (models, indexes, keys, state,
/// recordings, plots).
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="contents"/> to <paramref name="path"/> atomically; on failure nothing is left behind.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="contents">Its new contents.</param>
    /// <param name="mode">Permissions for the new file, set when it is created (so a secret is never briefly readable by others); null for the process's default.</param>
    /// <param name="overwrite">False to refuse (with <see cref="IOException"/>) when the file already exists.</param>
    public static void Write(string path, ReadOnlySpan<byte> contents, UnixFileMode? mode = null, bool overwrite = true)
    {
        using Pending pending = Create(path, mode);
        pending.Stream.Write(contents);
        pending.Commit(overwrite);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteText(string path, string text, UnixFileMode? mode = null, bool overwrite = true) =>
        Write(path, Encoding.UTF8.GetBytes(text), mode, overwrite);

    /// <summary>
    /// Starts writing <paramref name="path"/> through a stream; the file appears only when
    /// <see cref="Pending.Commit"/> is called, and disposing without committing leaves nothing behind.
    /// </summary>
    public static Pending Create(string path, UnixFileMode? mode = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{path} has no folder", nameof(path));
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (mode is { } m && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = m;
        }

        return new Pending(full, temporary, new FileStream(temporary, options));
    }

    /// <summary>A file being written under a temporary name beside its target.</summary>
    public sealed class Pending : IDisposable
    {
        private readonly string _target;
        private readonly string _temporary;
        private readonly FileStream _stream;
        private bool _committed;

        internal Pending(string target, string temporary, FileStream stream)
        {
            _target = target;
            _temporary = temporary;
            _stream = stream;
        }

        /// <summary>Where the contents go until <see cref="Commit"/>.</summary>
        public Stream Stream => _stream;

        /// <summary>Flushes the contents to disk and renames them over the target.</summary>
        /// <param name="overwrite">False to refuse (with <see cref="IOException"/>) when the target already exists.</param>
        public void Commit(bool overwrite = true)
        {
            ObjectDisposedException.ThrowIf(_committed, this);
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(_temporary, _target, overwrite);
            _committed = true;
        }

        /// <summary>Removes the temporary file unless the contents were committed.</summary>
        public void Dispose()
        {
            if (_committed)
            {
                return;
            }

            _stream.Dispose();
            try
            {
                File.Delete(_temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The error that stopped the write matters more than a leftover temporary file.
            }
        }
    }
}
