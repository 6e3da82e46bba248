using EdgeMer.Inference.Interop.OnnxRuntime;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference;

// Routes ONNX Runtime's own log messages into an ILogger, at the mapped level.
internal sealed partial class OnnxRuntimeLogger(ILogger logger) : OrtLogSink
{
    public override bool IsEnabled(OrtLoggingLevel severity) => logger.IsEnabled(OnnxRuntimeLogLevels.ToLogLevel(severity));

    public override void Write(OrtLoggingLevel severity, string logId, string category, string codeLocation, string message)
    {
        LogLevel level = OnnxRuntimeLogLevels.ToLogLevel(severity);
        NativeMessage(logger, level, logId, message, category, codeLocation);
    }

    [LoggerMessage(EventId = 1000, Message = "[{OrtLogId}] {OrtMessage} ({OrtCategory} at {OrtCodeLocation})")]
    private static partial void NativeMessage(ILogger logger, LogLevel level, string ortLogId, string ortMessage, string ortCategory, string ortCodeLocation);
}
