using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Hosting;

public sealed partial class ReloadCoordinator
{
    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Reloaded ({Trigger}): profile {Profile}, {ModelCount} models")]
    private static partial void LogReloaded(ILogger logger, string trigger, string profile, int modelCount);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Reload ({Trigger}) refused, the running configuration stays: {Reason}")]
    private static partial void LogReloadRefused(ILogger logger, string trigger, string reason);
}
