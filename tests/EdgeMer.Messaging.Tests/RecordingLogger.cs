using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Messaging.Tests;

/// <summary>
/// Keeps every message logged through it, so tests can see what a component reported. It can also
/// fail on chosen events, standing in for a logging provider that throws.
/// </summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LoggedEvent> _events = new();

    /// <summary>Called before each event is recorded; an exception it throws escapes from Log.</summary>
    public Action<LoggedEvent>? BeforeRecording { get; set; }

    public IReadOnlyCollection<LoggedEvent> Events => _events;

    public bool Has(int eventId)
    {
        foreach (LoggedEvent logged in _events)
        {
            if (logged.EventId == eventId)
            {
                return true;
            }
        }

        return false;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var logged = new LoggedEvent(logLevel, eventId.Id, formatter(state, exception), exception);
        BeforeRecording?.Invoke(logged);
        _events.Enqueue(logged);
    }
}
