using Microsoft.Extensions.Logging;

namespace EdgeMer.Messaging.Publishing;

public sealed partial class SummaryPublisher
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Publishing summaries on {Endpoint} (security {Mechanism})")]
    private static partial void LogBound(ILogger logger, string endpoint, string mechanism);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "A message serialized to {Length} bytes, over the {Limit}-byte limit; dropped")]
    private static partial void LogOversized(ILogger logger, int length, int limit);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "A {Topic} message could not be published and was dropped; next message in {PauseMs} ms at the earliest")]
    private static partial void LogSendFailed(ILogger logger, string topic, long pauseMs, Exception exception);
}
