using EdgeMer.Platform;
using EdgeMer.Affect;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Messaging.Control;

public sealed partial class ControlServer
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Control socket on {Endpoint} (security {Mechanism})")]
    private static partial void LogBound(ILogger logger, string endpoint, string mechanism);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Control command {Command} ({Id}) from {Client}")]
    private static partial void LogCommand(ILogger logger, LogText command, string id, LogText client);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Control request refused ({Code}): {Reason}")]
    private static partial void LogRefused(ILogger logger, ControlErrorCode code, LogText reason);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Error, Message = "Control command failed")]
    private static partial void LogCommandFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Privacy switch moved to {State} by the control socket")]
    private static partial void LogPrivacy(ILogger logger, PrivacyState state);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Information, Message = "Freed memory returned to the operating system after refusing requests that held about {Bytes} bytes (anything returned: {Released})")]
    private static partial void LogMemoryReturned(ILogger logger, long bytes, bool released);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Error, Message = "The control socket failed to take or answer a request; next try in {PauseMs} ms")]
    private static partial void LogIterationFailed(ILogger logger, long pauseMs, Exception exception);
}
