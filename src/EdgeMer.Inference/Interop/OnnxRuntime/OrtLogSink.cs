namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Receives ONNX Runtime's log messages as managed strings. The environment keeps one alive for the
// life of the process (a GCHandle is the logger_param ORT hands back to OrtLogCallback).
// It can also watch for one log id, before any level filtering: that is how the environment learns
// whether ONNX Runtime installed this sink at all (see InferenceEnvironment).
internal abstract class OrtLogSink
{
    private string? _watchedLogId;
    private int _watchedLogIdSeen;

    public bool IsWatching => Volatile.Read(ref _watchedLogId) is not null;

    public abstract bool IsEnabled(OrtLoggingLevel severity);

    public void Watch(string logId)
    {
        Volatile.Write(ref _watchedLogIdSeen, 0);
        Volatile.Write(ref _watchedLogId, logId);
    }

    public void Notice(string logId)
    {
        if (string.Equals(logId, Volatile.Read(ref _watchedLogId), StringComparison.Ordinal))
        {
            Volatile.Write(ref _watchedLogIdSeen, 1);
        }
    }

    // Stops watching; whether a message with the watched log id arrived.
    public bool StopWatching()
    {
        Volatile.Write(ref _watchedLogId, null);
        return Volatile.Read(ref _watchedLogIdSeen) == 1;
    }

    public abstract void Write(OrtLoggingLevel severity, string logId, string category, string codeLocation, string message);
}
