using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference;

public sealed partial class InferenceSession
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Model {Model} runs on {Provider}; {OtherProviders}")]
        public static partial void ProviderChosen(ILogger logger, string model, ExecutionProviderKind provider, string otherProviders);
    }
}
