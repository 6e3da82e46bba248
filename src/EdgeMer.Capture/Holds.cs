namespace EdgeMer.Capture;

/// <summary>
/// The reference count of a pooled buffer (a <see cref="Frame"/>, an <see cref="AudioChunk"/>): several
/// stages may hold one, and the last release returns it to its pool. Lock-free, allocation-free.
/// </summary>
internal static class Holds
{
    /// <summary>Adds a holder; false (and nothing changed) when there was none, so the buffer is back in its pool.</summary>
    public static bool TryAdd(ref int holders)
    {
        int current;
        do
        {
            current = Volatile.Read(ref holders);
            if (current <= 0)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref holders, current + 1, current) != current);

        return true;
    }

    /// <summary>Removes a holder and returns how many are left; -1 (and nothing changed) when there was none.</summary>
    public static int TryRemove(ref int holders)
    {
        int left = Interlocked.Decrement(ref holders);
        if (left < 0)
        {
            Interlocked.Increment(ref holders);
            return -1;
        }

        return left;
    }
}
