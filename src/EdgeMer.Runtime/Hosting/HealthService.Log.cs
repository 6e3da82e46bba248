using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Hosting;

public sealed partial class HealthService
{
    [LoggerMessage(EventId = 2030, Level = LogLevel.Warning, Message = "A health message was dropped: the publisher's queue is full")]
    private static partial void LogHealthDropped(ILogger logger);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Error, Message = "A health message could not be made")]
    private static partial void LogHealthFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2032, Level = LogLevel.Warning, Message = "The model update state could not be read for health: {Reason}")]
    private static partial void LogUpdateStateUnreadable(ILogger logger, string reason);
}
