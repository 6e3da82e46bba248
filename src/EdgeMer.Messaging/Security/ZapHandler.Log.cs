using Microsoft.Extensions.Logging;

namespace EdgeMer.Messaging.Security;

public sealed partial class ZapHandler
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "CURVE client {ClientName} accepted from {Address}")]
    private static partial void LogAccepted(ILogger logger, string clientName, string address);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Connection from {Address} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "CURVE client allow-list replaced: {Count} keys")]
    private static partial void LogAllowListReplaced(ILogger logger, int count);
}
