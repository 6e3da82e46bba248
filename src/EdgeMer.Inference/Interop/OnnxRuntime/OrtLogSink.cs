namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Receives ONNX Runtime's log messages as managed strings. The environment keeps one alive for the
// life of the process (a GCHandle is the logger_param ORT hands back to OrtLogCallback).
internal abstract class OrtLogSink
{
    public abstract bool IsEnabled(OrtLoggingLevel severity);

    public abstract void Write(OrtLoggingLevel severity, string logId, string category, string codeLocation, string message);
}
