using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Hosting;

public sealed partial class ServiceWatchdog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "systemd's watchdog is on ({Timeout} s): fed every {Interval} s while the pipelines make progress; a part without progress for {StallAfter} s stops it")]
    private static partial void LogWatching(ILogger logger, double timeout, double interval, double stallAfter);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Critical, Message = "Stalled: {Stall}; no longer feeding systemd's watchdog, which will restart the service")]
    private static partial void LogStalled(ILogger logger, string stall);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Progress again after a stall; feeding systemd's watchdog again")]
    private static partial void LogProgressAgain(ILogger logger);
}
