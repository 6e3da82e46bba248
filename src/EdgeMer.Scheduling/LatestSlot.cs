namespace EdgeMer.Scheduling;

/// <summary>
/// The hand-over from one stage to the next: it holds one item, and a new one replaces an item the
/// consumer has not taken yet, so a slow stage always works on the latest input and never on a queue
/// of stale ones. A replaced item is handed to <c>release</c> (a frame goes back to its pool) and
/// counted in <see cref="Dropped"/>. One producer and one consumer; no allocation per item.
/// </summary>
/// <typeparam name="T">What passes (a frame, an audio chunk).</typeparam>
public sealed class LatestSlot<T> : ISlotCounts, IDisposable
    where T : class
{
    private readonly Action<T> _release;
    // Unbounded: a signal that finds the item already taken only makes Take look again.
    private readonly SemaphoreSlim _ready = new(0);
    private readonly Lock _gate = new();
    private T? _item;
    private long _dropped;
    private long _offered;
    private bool _closed;
    private bool _disposed;

    /// <param name="release">What to do with an item that is replaced before it was taken, or left when the slot is closed.</param>
    public LatestSlot(Action<T> release)
    {
        ArgumentNullException.ThrowIfNull(release);
        _release = release;
    }

    /// <summary>Items put in that the consumer never took because a newer one replaced them.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Items put in.</summary>
    public long Offered => Interlocked.Read(ref _offered);

    /// <summary>Puts <paramref name="item"/> in, replacing (and releasing) one not yet taken; false, with the item released, once the slot is closed.</summary>
    public bool Put(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        T? replaced;
        bool signal;
        lock (_gate)
        {
            if (_closed)
            {
                replaced = item;
                signal = false;
            }
            else
            {
                Interlocked.Increment(ref _offered);
                replaced = _item;
                _item = item;
                signal = replaced is null;
                if (replaced is not null)
                {
                    Interlocked.Increment(ref _dropped);
                }
            }
        }

        if (replaced is not null)
        {
            _release(replaced);
        }

        if (signal)
        {
            _ready.Release();
        }

        return !ReferenceEquals(replaced, item);
    }

    /// <summary>Waits for an item and takes it (the caller then owns it); null once the slot is closed and empty, or when <paramref name="cancellationToken"/> is cancelled.</summary>
    public T? Take(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                _ready.Wait(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return null;
            }

            lock (_gate)
            {
                if (_item is T item)
                {
                    _item = null;
                    return item;
                }

                if (_closed)
                {
                    // Let every other waiter see the close too (unless the slot is already disposed).
                    if (!_disposed)
                    {
                        _ready.Release();
                    }

                    return null;
                }
            }
        }
    }

    /// <summary>Takes the item waiting, if there is one, without waiting (the caller then owns it): for a stage that reads another's newest output as it goes, not at its pace.</summary>
    public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? item)
    {
        lock (_gate)
        {
            item = _item;
            _item = null;
        }

        if (item is null)
        {
            return false;
        }

        // Consume the signal Put gave for it where it has come already; one still on its way only makes a later Take look again.
        _ready.Wait(0);
        return true;
    }

    /// <summary>Hands an item taken from the slot back the way a replaced one goes (for the stage that took it, once done with it).</summary>
    internal void Release(T item) => _release(item);

    /// <summary>Closes the slot: the item waiting is released, later puts are refused, and <see cref="Take"/> returns null.</summary>
    public void Close()
    {
        T? left;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            left = _item;
            _item = null;
        }

        if (left is not null)
        {
            _release(left);
        }

        _ready.Release();
    }

    public void Dispose()
    {
        Close();
        lock (_gate)
        {
            _disposed = true;
        }

        _ready.Dispose();
    }
}

/// <summary>What a latest-wins slot counts, whatever passes through it (for the stage whose output it takes).</summary>
public interface ISlotCounts
{
    /// <summary>Items put in that the consumer never took because a newer one replaced them.</summary>
    long Dropped { get; }
}
