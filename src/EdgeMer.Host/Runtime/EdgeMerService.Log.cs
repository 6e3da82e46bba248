using EdgeMer.Inference;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Host.Runtime;

public sealed partial class EdgeMerService
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "EdgeMer running: profile {Profile}, {ModelCount} models on {Provider}; summaries on {PublisherEndpoints}, control on {ControlEndpoint} ({Security})")]
    private static partial void LogStarted(ILogger logger, string profile, int modelCount, ExecutionProviderKind provider, string publisherEndpoints, string controlEndpoint, string security);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "EdgeMer stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Reloaded: profile {Profile}, {ModelCount} models")]
    private static partial void LogReloaded(ILogger logger, string profile, int modelCount);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Reload refused, the running configuration stays: {Reason}")]
    private static partial void LogReloadRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "A health message was dropped: the publisher's queue is full")]
    private static partial void LogHealthDropped(ILogger logger);
}
