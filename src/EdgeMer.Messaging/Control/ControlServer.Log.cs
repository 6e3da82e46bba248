using EdgeMer.Affect;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Messaging.Control;

public sealed partial class ControlServer
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Control socket on {Endpoint} (security {Mechanism})")]
    private static partial void LogBound(ILogger logger, string endpoint, string mechanism);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Control command {Command} ({Id}) from {Client}")]
    private static partial void LogCommand(ILogger logger, string command, string id, string client);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Control request refused ({Code}): {Reason}")]
    private static partial void LogRefused(ILogger logger, ControlErrorCode code, string reason);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Error, Message = "Control command failed")]
    private static partial void LogCommandFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Privacy switch moved to {State} by the control socket")]
    private static partial void LogPrivacy(ILogger logger, PrivacyState state);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Error, Message = "The control socket failed to take or answer a request; next try in {PauseMs} ms")]
    private static partial void LogIterationFailed(ILogger logger, long pauseMs, Exception exception);
}
