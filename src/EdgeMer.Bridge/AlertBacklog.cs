using System.Globalization;
using System.Text;
using EdgeMer.Platform;

namespace EdgeMer.Bridge;

/// <summary>
/// The bounded on-disk queue alerts wait in until the broker acknowledges them. Each alert is one
/// file, <c>NNNNNNNNNNNNNNNNNNNN.alert</c> (a 20-digit number that only grows), holding the device id,
/// a newline and the document exactly as it arrived. A file is written under a temporary name,
/// flushed to disk and renamed (<see cref="AtomicFile"/>), so after a crash (kill -9, power loss
/// after the flush) every alert is either whole in the queue or not in it; temporary files left by
/// a crash are removed at open. An alert leaves the queue only once the broker has acknowledged it,
/// so one that was sent but not acknowledged before a crash is sent again: at-least-once delivery.
/// When the queue holds <see cref="Capacity"/> alerts, the oldest is deleted for the new one and
/// counted in <see cref="Dropped"/>. Safe to use from several threads.
/// </summary>
public sealed class AlertBacklog
{
    private const string Suffix = ".alert";
    private readonly object _gate = new();
    private readonly string _directory;
    private readonly LinkedList<long> _ids = new();
    private long _next;
    private long _dropped;

    private AlertBacklog(string directory, int capacity)
    {
        _directory = directory;
        Capacity = capacity;
    }

    /// <summary>The most alerts the queue holds.</summary>
    public int Capacity { get; }

    /// <summary>Alerts waiting.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>Alerts deleted unsent because the queue was full (oldest first).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Opens the queue in <paramref name="directory"/> (created owner-only when missing) with what a
    /// previous run left in it, oldest first.
    /// </summary>
    public static AlertBacklog Open(string directory, int capacity)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        string full = Path.GetFullPath(directory);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
        }
        else
        {
            Directory.CreateDirectory(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var queue = new AlertBacklog(full, capacity);
        var ids = new List<long>();
        foreach (string file in Directory.EnumerateFiles(full))
        {
            string name = Path.GetFileName(file);
            if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                // A write a crash interrupted: never renamed, so never part of the queue.
                File.Delete(file);
            }
            else if (name.EndsWith(Suffix, StringComparison.Ordinal)
                && long.TryParse(name.AsSpan(0, name.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long id))
            {
                ids.Add(id);
            }
        }

        ids.Sort();
        foreach (long id in ids)
        {
            queue._ids.AddLast(id);
        }

        queue._next = ids.Count == 0 ? 0 : ids[^1] + 1;

        // A capacity lowered since the last run: the oldest go first, as they would have.
        while (queue._ids.Count > capacity)
        {
            queue.DeleteOldest();
        }

        return queue;
    }

    /// <summary>Adds an alert durably; returns once it is on disk. Drops the oldest when full.</summary>
    public void Enqueue(string device, ReadOnlySpan<byte> document)
    {
        byte[] contents = new byte[Encoding.ASCII.GetByteCount(device) + 1 + document.Length];
        int at = Encoding.ASCII.GetBytes(device, contents);
        contents[at] = (byte)'\n';
        document.CopyTo(contents.AsSpan(at + 1));
        lock (_gate)
        {
            if (_ids.Count >= Capacity)
            {
                DeleteOldest();
            }

            long id = _next++;
            AtomicFile.Write(PathOf(id), contents, UnixFileMode.UserRead | UnixFileMode.UserWrite, overwrite: false);
            _ids.AddLast(id);
        }
    }

    /// <summary>The oldest alert, without removing it; false when the queue is empty.</summary>
    public bool TryPeek(out QueuedAlert alert)
    {
        lock (_gate)
        {
            while (_ids.First is { } first)
            {
                byte[] contents;
                try
                {
                    contents = File.ReadAllBytes(PathOf(first.Value));
                }
                catch (FileNotFoundException)
                {
                    // Removed from outside the bridge: nothing to send.
                    _ids.RemoveFirst();
                    continue;
                }

                int newline = Array.IndexOf(contents, (byte)'\n');
                if (newline <= 0)
                {
                    // Not written by this queue (writes are atomic): set aside, never sent.
                    File.Move(PathOf(first.Value), PathOf(first.Value) + ".invalid", overwrite: true);
                    _ids.RemoveFirst();
                    continue;
                }

                alert = new QueuedAlert(first.Value, Encoding.ASCII.GetString(contents, 0, newline), contents.AsMemory(newline + 1));
                return true;
            }
        }

        alert = default;
        return false;
    }

    /// <summary>Removes <paramref name="alert"/> once the broker has acknowledged it (nothing when it was already dropped).</summary>
    public void Remove(in QueuedAlert alert)
    {
        lock (_gate)
        {
            if (_ids.First is { } first && first.Value == alert.Id)
            {
                _ids.RemoveFirst();
                File.Delete(PathOf(alert.Id));
            }
        }
    }

    private void DeleteOldest()
    {
        long oldest = _ids.First!.Value;
        _ids.RemoveFirst();
        File.Delete(PathOf(oldest));
        Interlocked.Increment(ref _dropped);
    }

    private string PathOf(long id) => Path.Combine(_directory, id.ToString("D20", CultureInfo.InvariantCulture) + Suffix);
}

/// <summary>An alert in the queue: its place, the device it came from, and its document as it arrived.</summary>
public readonly record struct QueuedAlert(long Id, string Device, ReadOnlyMemory<byte> Document);
