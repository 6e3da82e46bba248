using Microsoft.Extensions.Logging;

namespace EdgeMer.Messaging.Tests;

/// <summary>One message a <see cref="RecordingLogger{T}"/> received.</summary>
internal sealed record LoggedEvent(LogLevel Level, int EventId, string Message, Exception? Exception);
