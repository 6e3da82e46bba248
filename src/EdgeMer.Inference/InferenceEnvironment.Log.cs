using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference;

public sealed partial class InferenceEnvironment
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information,
            Message = "ONNX Runtime {Version} (C API {ApiVersion}) loaded from {LibraryPath}; providers: {Providers}; global thread pools: {ThreadPools}")]
        public static partial void Created(ILogger logger, string version, int apiVersion, string libraryPath, string providers, string threadPools);
    }
}
