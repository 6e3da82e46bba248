using EdgeMer.Inference.Interop.OnnxRuntime;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Inference;

// How ONNX Runtime severities and .NET log levels correspond. ORT's INFO level is chatty load-time
// detail (optimizer passes, thread pool setup), so it maps to Debug, not Information.
internal static class OnnxRuntimeLogLevels
{
    public static LogLevel ToLogLevel(OrtLoggingLevel severity) => severity switch
    {
        OrtLoggingLevel.Verbose => LogLevel.Trace,
        OrtLoggingLevel.Info => LogLevel.Debug,
        OrtLoggingLevel.Warning => LogLevel.Warning,
        OrtLoggingLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    // The least severe ORT level whose messages can reach a logger filtering at `level`.
    public static OrtLoggingLevel ToSeverity(LogLevel level) => level switch
    {
        LogLevel.Trace => OrtLoggingLevel.Verbose,
        LogLevel.Debug => OrtLoggingLevel.Info,
        LogLevel.Information or LogLevel.Warning => OrtLoggingLevel.Warning,
        LogLevel.Error => OrtLoggingLevel.Error,
        _ => OrtLoggingLevel.Fatal,
    };
}
