using EdgeMer.Runtime.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EdgeMer.Runtime.Tests;

/// <summary>The C library's free memory given back on an interval, on a fake clock with a stand-in for malloc_trim.</summary>
public sealed class NativeMemoryTrimTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<TimeSpan> _trims = [];
    private readonly Lines _log = new();
    private readonly DateTimeOffset _start;
    private TimeSpan _interval = TimeSpan.FromMinutes(1);
    private NativeMemoryTrim? _trimmer;

    public NativeMemoryTrimTests() => _start = _time.GetUtcNow();

    public void Dispose() => _trimmer?.Dispose();

    [Fact]
    public async Task Free_memory_is_given_back_every_interval_and_a_reload_changes_the_interval_from_the_next_trim_on()
    {
        await Start(() => _trims.Add(_time.GetUtcNow() - _start));

        Pass(TimeSpan.FromSeconds(59));
        Assert.Empty(_trims);
        Pass(TimeSpan.FromSeconds(1));
        _interval = TimeSpan.FromSeconds(30);
        Pass(TimeSpan.FromMinutes(1.5));

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2.5)], _trims);
    }

    [Fact]
    public async Task An_interval_of_zero_trims_nothing_until_a_reload_turns_trims_on()
    {
        _interval = TimeSpan.Zero;
        await Start(() => _trims.Add(_time.GetUtcNow() - _start));

        // Switched off, the interval is looked at again every NativeMemoryTrim.OffCheck.
        TimeSpan check = NativeMemoryTrim.OffCheck;
        Pass(3 * check);
        Assert.Empty(_trims);
        _interval = TimeSpan.FromSeconds(10);
        Pass(check + TimeSpan.FromSeconds(10));

        Assert.Equal([4 * check, (4 * check) + TimeSpan.FromSeconds(10)], _trims);
    }

    [Fact]
    public async Task Where_the_C_library_cannot_trim_it_says_so_once_and_tries_no_more()
    {
        int tries = 0;
        await Start(() =>
        {
            tries++;
            throw new PlatformNotSupportedException("this system's C library has no malloc_trim (it is a glibc extension)");
        });

        Pass(TimeSpan.FromMinutes(10));

        Assert.Equal(1, tries);
        Assert.Equal(["Free native memory is not given back to the kernel on this system: this system's C library has no malloc_trim (it is a glibc extension)"], _log.Information);
    }

    [Fact]
    public async Task Once_stopped_it_trims_no_more()
    {
        await Start(() => _trims.Add(_time.GetUtcNow() - _start));
        Pass(TimeSpan.FromMinutes(1));

        await _trimmer!.StopAsync(CancellationToken.None);
        Pass(TimeSpan.FromMinutes(5));

        Assert.Equal([TimeSpan.FromMinutes(1)], _trims);
    }

    // Time passes a second at a time: the fake clock runs a timer due within one advance at its end.
    private void Pass(TimeSpan span)
    {
        for (TimeSpan passed = TimeSpan.Zero; passed < span; passed += TimeSpan.FromSeconds(1))
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private Task Start(Action trim)
    {
        _trimmer = new NativeMemoryTrim(() => _interval, _time, _log, () =>
        {
            trim();
            return true;
        });
        return _trimmer.StartAsync(CancellationToken.None);
    }

    /// <summary>The messages logged at Information level and above.</summary>
    private sealed class Lines : ILogger
    {
        public List<string> Information { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Information.Add(formatter(state, exception));
            }
        }
    }
}
