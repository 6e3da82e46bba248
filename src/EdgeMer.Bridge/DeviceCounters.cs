namespace EdgeMer.Bridge;

/// <summary>
/// What the bridge saw of one device: messages received per kind, and the gaps in each kind's
/// <c>sequence</c>, which are messages lost before the bridge (the device dropped them, or they were
/// lost on ZeroMQ). The bridge's own drops are counted apart, in <see cref="BridgeCounters"/>.
/// Updated by the thread that receives; read from any.
/// </summary>
public sealed class DeviceCounters
{
    private readonly long[] _received = new long[3];
    private readonly long[] _missing = new long[3];
    private readonly long[] _restarts = new long[3];
    private readonly long[] _last = [-1, -1, -1];

    internal DeviceCounters(string device) => Device = device;

    public string Device { get; }

    public long Received(MessageKind kind) => Interlocked.Read(ref _received[(int)kind]);

    /// <summary>Messages of this kind whose sequence numbers were skipped: lost before the bridge.</summary>
    public long Missing(MessageKind kind) => Interlocked.Read(ref _missing[(int)kind]);

    /// <summary>Times the sequence went back (the device restarted, counting from 0 again).</summary>
    public long Restarts(MessageKind kind) => Interlocked.Read(ref _restarts[(int)kind]);

    /// <summary>Records a message's sequence number; returns how many were missing before it (0 when none).</summary>
    internal long Observe(MessageKind kind, long sequence)
    {
        int k = (int)kind;
        Interlocked.Increment(ref _received[k]);
        long last = _last[k];
        _last[k] = sequence;
        if (last < 0)
        {
            return 0;
        }

        if (sequence > last + 1)
        {
            long missing = sequence - last - 1;
            Interlocked.Add(ref _missing[k], missing);
            return missing;
        }

        if (sequence <= last)
        {
            Interlocked.Increment(ref _restarts[k]);
        }

        return 0;
    }
}
