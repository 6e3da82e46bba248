using EdgeMer.Platform;

namespace EdgeMer.Messaging;

/// <summary>
/// Gives memory the process has freed back to the operating system (glibc's malloc_trim) after a
/// large request was refused. libzmq holds a whole multi-frame message in memory before a socket can
/// read its first frame, and glibc keeps what is freed afterwards for reuse, so without this the
/// process would keep the peak of every such burst. A trim walks the whole heap, so it runs at most
/// once per <see cref="MinInterval"/>, and always once after the last request that asked for one; it
/// runs on a timer of the given <see cref="TimeProvider"/>, off the socket's thread.
/// </summary>
internal sealed class FreedMemoryRelease : IDisposable
{
    /// <summary>The shortest time between two trims.</summary>
    internal static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    // Set once malloc_trim turned out to be missing (a C library other than glibc).
    private static volatile bool s_unavailable;

    private readonly TimeProvider _time;
    private readonly Action<long, bool> _trimmed;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private long _lastTrim;
    private bool _trimmedBefore;
    private bool _scheduled;
    private long _refusedBytes;

    /// <param name="time">The clock the trims are spaced on.</param>
    /// <param name="trimmed">Called after each trim with the bytes refused since the previous one and whether glibc returned any memory.</param>
    public FreedMemoryRelease(TimeProvider time, Action<long, bool> trimmed)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(trimmed);
        _time = time;
        _trimmed = trimmed;
        _timer = time.CreateTimer(static state => ((FreedMemoryRelease)state!).Trim(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether this process can return freed memory (glibc's malloc_trim is there).</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux() && !s_unavailable;

    /// <summary>Asks for a trim after a refused request of <paramref name="bytes"/> bytes.</summary>
    public void Request(long bytes)
    {
        if (!IsAvailable)
        {
            return;
        }

        TimeSpan due;
        lock (_gate)
        {
            _refusedBytes += bytes;
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
            TimeSpan since = _trimmedBefore ? _time.GetElapsedTime(_lastTrim) : MinInterval;
            due = since >= MinInterval ? TimeSpan.Zero : MinInterval - since;
        }

        // Outside the gate: a timer may fire at once, on this thread.
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer.Dispose();

    private void Trim()
    {
        long refused;
        lock (_gate)
        {
            _scheduled = false;
            _trimmedBefore = true;
            _lastTrim = _time.GetTimestamp();
            refused = _refusedBytes;
            _refusedBytes = 0;
        }

        bool released;
        try
        {
            released = NativeHeap.Trim();
        }
        catch (PlatformNotSupportedException)
        {
            s_unavailable = true;
            return;
        }

        try
        {
            _trimmed(refused, released);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only a report (a log line) failed, on a timer thread, where an exception would end
            // the process.
        }
    }
}
