using EdgeMer.Platform;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Messaging.Security;

public sealed partial class ZapHandler
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "CURVE client {ClientName} accepted from {Address}")]
    private static partial void LogAccepted(ILogger logger, LogText clientName, LogText address);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Connection from {Address} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, LogText address, LogText reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "CURVE client allow-list replaced: {Count} keys")]
    private static partial void LogAllowListReplaced(ILogger logger, int count);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "libzmq enforces the ZAP domain (ZMQ_ZAP_ENFORCE_DOMAIN): a CURVE handshake that no ZAP handler answers is refused")]
    private static partial void LogDomainEnforced(ILogger logger);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "libzmq does not accept ZMQ_ZAP_ENFORCE_DOMAIN (a DRAFT option in 4.3); CURVE clients are checked only while the ZAP handler runs, which EdgeMer keeps running as long as a socket it protects is open")]
    private static partial void LogDomainNotEnforced(ILogger logger);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "ZAP handler disposed while {Count} sockets it protects are open; it keeps answering until they are closed")]
    private static partial void LogOutlivesDispose(ILogger logger, int count);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Error, Message = "A ZAP request could not be judged; the client was refused")]
    private static partial void LogJudgingFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Warning, Message = "CURVE clients revoked by the new allow-list: {Clients}; sockets close or refuse their open connections")]
    private static partial void LogClientsRevoked(ILogger logger, LogText clients);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Error, Message = "The ZAP handler failed to take or answer a request; next try in {PauseMs} ms")]
    private static partial void LogIterationFailed(ILogger logger, long pauseMs, Exception exception);
}
