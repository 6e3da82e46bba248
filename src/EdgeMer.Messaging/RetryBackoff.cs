namespace EdgeMer.Messaging;

/// <summary>
/// The pause a messaging thread takes after a failed iteration: <c>first</c>, doubling up to
/// <c>max</c> while failures follow one another, back to <c>first</c> after a success. One bad
/// message costs a short pause; a persistent fault neither spins a core nor floods the log. Owned
/// by the one thread it paces.
/// </summary>
internal sealed class RetryBackoff
{
    // How often a pause checks whether its thread is being stopped.
    private static readonly TimeSpan s_stopCheckInterval = TimeSpan.FromMilliseconds(50);
    private readonly TimeSpan _first;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public RetryBackoff(TimeSpan first, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, first);
        _first = first;
        _max = max;
        _next = first;
    }

    /// <summary>For messaging threads: 10 ms after a first failure, at most 1 s.</summary>
    public static RetryBackoff ForMessagingThread() => new(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));

    /// <summary>Restarts the doubling after an iteration that succeeded.</summary>
    public void Succeeded() => _next = _first;

    /// <summary>Records a failure and returns how long to pause before the next try.</summary>
    public TimeSpan Failed()
    {
        TimeSpan pause = _next;
        _next = _next * 2 < _max ? _next * 2 : _max;
        return pause;
    }

    /// <summary>Waits <paramref name="pause"/>, or less if <paramref name="stopping"/> turns true meanwhile.</summary>
    public static void Pause(TimeSpan pause, Func<bool> stopping)
    {
        ArgumentNullException.ThrowIfNull(stopping);
        long deadline = Environment.TickCount64 + (long)pause.TotalMilliseconds;
        for (long left = deadline - Environment.TickCount64; left > 0 && !stopping(); left = deadline - Environment.TickCount64)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(left, s_stopCheckInterval.TotalMilliseconds)));
        }
    }
}
