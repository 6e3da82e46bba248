using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Hosting;

public sealed partial class RuntimeLifecycle
{
    [LoggerMessage(EventId = 2020, Level = LogLevel.Information,
        Message = "EdgeMer running: profile {Profile}, {ModelCount} models on {Provider}; summaries on {PublisherEndpoints}, control on {ControlEndpoint} ({Security})")]
    private static partial void LogRunning(ILogger logger, string profile, int modelCount, string provider, string publisherEndpoints, string controlEndpoint, string security);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Information, Message = "EdgeMer stopped")]
    private static partial void LogStopped(ILogger logger);
}
