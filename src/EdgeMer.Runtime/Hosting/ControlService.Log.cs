using Microsoft.Extensions.Logging;

namespace EdgeMer.Runtime.Hosting;

public sealed partial class ControlService
{
    [LoggerMessage(EventId = 2021, Level = LogLevel.Warning,
        Message = "The control socket listens on {Endpoint} without CURVE: anyone who can reach that address can pause the device. Configure Messaging:Security, or leave Messaging:Control:Endpoint empty for an ipc socket only this user can open")]
    private static partial void LogPlainControlOnNetwork(ILogger logger, string endpoint);
}
