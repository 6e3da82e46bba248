using Microsoft.Extensions.Logging;
using EdgeMer.Affect;

namespace EdgeMer.Gpio;

public sealed partial class GpioPrivacyInput
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Privacy input on GPIO line {Line} ({Kind}) listening; it reads {Position}")]
    private static partial void LogStarted(ILogger logger, int line, PrivacyInputKind kind, string position);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Privacy switch {State} by its GPIO input ({Why})")]
    private static partial void LogMoved(ILogger logger, PrivacyState state, string why);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Privacy switch is {State}, but {Count} of those told of it failed; the first: {Problem}")]
    private static partial void LogHandlersFailed(ILogger logger, PrivacyState state, int count, string problem);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Privacy input: GPIO line {Line} cannot be read: {Problem}")]
    private static partial void LogReadFailed(ILogger logger, int line, string problem);
}
