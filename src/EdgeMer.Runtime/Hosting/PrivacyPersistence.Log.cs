using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Hosting;

public sealed partial class PrivacyPersistence
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Capture starts paused: the privacy switch was paused when EdgeMer last ran ({Path})")]
    private static partial void LogRestoredPaused(ILogger logger, string path);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Capture starts paused: the privacy switch's last position in {Path} cannot be read: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, string path, string problem);
}
