using System.Diagnostics.CodeAnalysis;

namespace EdgeMer.Capture;

/// <summary>The buffers of a pool that wait to be rented: a fixed array, so taking and returning allocate nothing.</summary>
internal sealed class FreeList<T>
    where T : class
{
    private readonly T?[] _free;
    private readonly Lock _gate = new();
    private int _count;
    private long _exhausted;

    /// <param name="items">Every buffer of the pool, all free at first.</param>
    public FreeList(T[] items)
    {
        _free = [.. items];
        _count = items.Length;
    }

    /// <summary>Buffers waiting to be rented.</summary>
    public int Available
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>How often <see cref="TryTake"/> found every buffer out.</summary>
    public long Exhausted => Interlocked.Read(ref _exhausted);

    public bool TryTake([NotNullWhen(true)] out T? item)
    {
        lock (_gate)
        {
            if (_count > 0)
            {
                item = _free[--_count]!;
                _free[_count] = null;
                return true;
            }
        }

        Interlocked.Increment(ref _exhausted);
        item = null;
        return false;
    }

    public void Return(T item)
    {
        lock (_gate)
        {
            _free[_count++] = item;
        }
    }
}
