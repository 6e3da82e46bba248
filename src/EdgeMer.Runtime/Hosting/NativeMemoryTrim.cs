using System.Diagnostics;
using EdgeMer.Platform;
using EdgeMer.Runtime.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeMer.Runtime.Hosting;

/// <summary>
/// Gives the C library's free memory back to the kernel every <c>EdgeMer:NativeMemoryTrimInterval</c>
/// (glibc's <c>malloc_trim</c>; zero turns it off). ONNX Runtime, libzmq and the stage threads allocate
/// from glibc's per-thread arenas, and glibc keeps memory freed inside an arena resident for reuse,
/// returning only what is free at an arena's top. With a dozen threads allocating and freeing per
/// frame, that kept memory grew by 2 to 3 MiB a minute in a soak, all of it free: one
/// <c>malloc_trim</c> took the process from 293 to 262 MiB. A trim walks every arena, taking each one's
/// lock in turn; it runs on a timer thread, and its duration is logged at Debug level. The interval in
/// force is read at every tick, so a reload changes it from the next trim on.
/// </summary>
public sealed partial class NativeMemoryTrim : IHostedService, IDisposable
{
    /// <summary>How often an interval of zero (off) is looked at again, for a reload that turns trims on.</summary>
    internal static readonly TimeSpan OffCheck = TimeSpan.FromMinutes(1);

    private readonly Func<TimeSpan> _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<bool> _trim;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private bool _stopped;

    public NativeMemoryTrim(ActiveSetup setup, IOptions<RuntimeOptions> runtime, TimeProvider time, ILogger<NativeMemoryTrim> logger)
        : this(() => setup.IsLoaded ? setup.Current.Options.NativeMemoryTrimInterval : runtime.Value.NativeMemoryTrimInterval, time, logger, NativeHeap.Trim)
    {
    }

    /// <param name="interval">The interval in force (a reload changes it); zero for no trims.</param>
    /// <param name="trim">Returns free memory to the kernel; true if any was returned; throws <see cref="PlatformNotSupportedException"/> where the C library cannot.</param>
    internal NativeMemoryTrim(Func<TimeSpan> interval, TimeProvider time, ILogger logger, Func<bool> trim)
    {
        _interval = interval;
        _time = time;
        _logger = logger;
        _trim = trim;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _timer = _time.CreateTimer(static state => ((NativeMemoryTrim)state!).Tick(), this, Period(_interval()), Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopped = true;
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
        }
    }

    private static TimeSpan Period(TimeSpan interval) => interval > TimeSpan.Zero ? interval : OffCheck;

    private void Tick()
    {
        TimeSpan interval = _interval();
        if (interval > TimeSpan.Zero && !Trim())
        {
            return;
        }

        lock (_gate)
        {
            if (!_stopped)
            {
                _timer!.Change(Period(interval), Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>One trim; false where the C library has none (the trims end).</summary>
    private bool Trim()
    {
        bool measure = _logger.IsEnabled(LogLevel.Debug);
        double before = measure ? Environment.WorkingSet / 1_048_576.0 : 0;
        long started = Stopwatch.GetTimestamp();
        bool released;
        try
        {
            released = _trim();
        }
        catch (PlatformNotSupportedException e)
        {
            LogUnavailable(_logger, e.Message);
            return false;
        }

        if (measure)
        {
            double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            double returned = released ? before - (Environment.WorkingSet / 1_048_576.0) : 0;
            LogTrimmed(_logger, returned, milliseconds);
        }

        return true;
    }

    [LoggerMessage(EventId = 2040, Level = LogLevel.Debug, Message = "Free native memory given back to the kernel: {MiB:0.0} MiB, in {Milliseconds:0.00} ms")]
    private static partial void LogTrimmed(ILogger logger, double miB, double milliseconds);

    [LoggerMessage(EventId = 2041, Level = LogLevel.Information, Message = "Free native memory is not given back to the kernel on this system: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
