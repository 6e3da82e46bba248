using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Hosting;

public sealed partial class GpioService
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Capture starts paused: the device profile's privacy switch cannot be read ({Problem}); resume deliberately with the control socket's resume")]
    private static partial void LogPrivacyInputUnavailable(ILogger logger, string problem);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Alert outputs on GPIO chip {Chip} are off: {Problem}")]
    private static partial void LogOutputsUnavailable(ILogger logger, int chip, string problem);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error, Message = "Capture is paused, but one of those told of it failed: {Problem}")]
    private static partial void LogPauseHandlersFailed(ILogger logger, string problem);
}
