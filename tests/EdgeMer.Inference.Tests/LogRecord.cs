using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference.Tests;

/// <summary>One logged message with its structured properties.</summary>
public sealed record LogRecord(string Category, LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, string?> Properties);
