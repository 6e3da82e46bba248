using Microsoft.Extensions.Logging;

namespace EdgeMer.Messaging.Publishing;

public sealed partial class SummaryPublisher
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Publishing summaries on {Endpoint} (security {Mechanism})")]
    private static partial void LogBound(ILogger logger, string endpoint, string mechanism);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "A message serialized to {Length} bytes, over the {Limit}-byte limit; dropped")]
    private static partial void LogOversized(ILogger logger, int length, int limit);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "A client was revoked: every subscriber connection was closed, and {Count} endpoints bound again for subscribers to reconnect through the new allow-list")]
    private static partial void LogRebound(ILogger logger, int count);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "Endpoint {Endpoint} could not be bound again after a revocation; next try in {RetryMs} ms")]
    private static partial void LogRebindFailed(ILogger logger, string endpoint, long retryMs, Exception exception);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "A {Topic} message could not be published and was dropped; next message in {PauseMs} ms at the earliest")]
    private static partial void LogSendFailed(ILogger logger, string topic, long pauseMs, Exception exception);
}
