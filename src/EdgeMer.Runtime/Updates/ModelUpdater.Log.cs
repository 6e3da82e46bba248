using EdgeMer.Platform;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Updates;

public sealed partial class ModelUpdater
{
    [LoggerMessage(EventId = 2600, Level = LogLevel.Information, Message = "Update step {Step} (bundle version {Version})")]
    private static partial void LogStep(ILogger logger, UpdateStep step, long version);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "Bundle {Bundle} refused ({Refusal}); the live model set is unchanged: {Reason}")]
    private static partial void LogRefused(ILogger logger, string bundle, string refusal, LogText reason);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Information, Message = "Bundle version {Version} warmed up: {ModelCount} models passed their self-test beside the live set")]
    private static partial void LogWarmedUp(ILogger logger, long version, int modelCount);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Information, Message = "Bundle version {Version} committed (signed by {Signers})")]
    private static partial void LogCommitted(ILogger logger, long version, string signers);

    [LoggerMessage(EventId = 2604, Level = LogLevel.Error, Message = "Bundle version {Version} failed its health check and was rolled back to the previous set: {Reason}")]
    private static partial void LogRolledBack(ILogger logger, long version, LogText reason);

    [LoggerMessage(EventId = 2605, Level = LogLevel.Warning, Message = "An update interrupted at {Step} was resolved at start: {Outcome} (bundle version {Version})")]
    private static partial void LogRecovered(ILogger logger, UpdateStep step, UpdateStep outcome, long version);

    [LoggerMessage(EventId = 2606, Level = LogLevel.Warning, Message = "Bundle version {Version} rolled back on request; set {Set} serves again")]
    private static partial void LogReverted(ILogger logger, long version, string set);
}
