using Microsoft.Extensions.Logging;

namespace EdgeMer.Gpio;

public sealed partial class AlertSignals
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Alert outputs on GPIO: LED line {Led}, buzzer line {Buzzer} (-1: none)")]
    private static partial void LogStarted(ILogger logger, int led, int buzzer);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Alert output ({What}) cannot be driven: {Problem}")]
    private static partial void LogWriteFailed(ILogger logger, string what, string problem);
}
