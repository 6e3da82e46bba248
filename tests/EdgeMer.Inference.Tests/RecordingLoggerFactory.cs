using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference.Tests;

/// <summary>A logger factory that keeps every message, so tests can see what reached ILogger.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogRecord> _records = new();

    public IReadOnlyCollection<LogRecord> Records => _records;

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, _records);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(string category, ConcurrentQueue<LogRecord> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> pairs)
            {
                foreach (KeyValuePair<string, object?> pair in pairs)
                {
                    properties[pair.Key] = pair.Value?.ToString();
                }
            }

            records.Enqueue(new LogRecord(category, logLevel, eventId.Id, formatter(state, exception), properties));
        }
    }
}
