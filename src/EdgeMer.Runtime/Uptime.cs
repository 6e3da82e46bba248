namespace EdgeMer.Runtime;

/// <summary>How long the runtime has been up, on the injected clock (status replies and health report it).</summary>
public sealed class Uptime
{
    private readonly TimeProvider _time;
    private readonly long _started;

    public Uptime(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _started = time.GetTimestamp();
    }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);
}
