namespace EdgeMer.Inference.Interop.OnnxRuntime;

internal static unsafe partial class Ort
{
    public static OrtSessionOptionsHandle CreateSessionOptions()
    {
        nint raw;
        OrtStatus.Check(OrtNative.Api->CreateSessionOptions(&raw));
        return OrtHandle.Adopt<OrtSessionOptionsHandle>(raw);
    }

    public static void SetIntraOpThreads(OrtSessionOptionsHandle options, int threads) =>
        OrtStatus.Check(OrtNative.Api->SetIntraOpNumThreads(options.DangerousGetHandle(), threads));

    public static void SetInterOpThreads(OrtSessionOptionsHandle options, int threads) =>
        OrtStatus.Check(OrtNative.Api->SetInterOpNumThreads(options.DangerousGetHandle(), threads));

    public static void UseGlobalThreadPools(OrtSessionOptionsHandle options) =>
        OrtStatus.Check(OrtNative.Api->DisablePerSessionThreads(options.DangerousGetHandle()));

    public static void SetGraphOptimization(OrtSessionOptionsHandle options, GraphOptimizationLevel level) =>
        OrtStatus.Check(OrtNative.Api->SetSessionGraphOptimizationLevel(options.DangerousGetHandle(), (int)level));

    public static void SetExecutionMode(OrtSessionOptionsHandle options, ExecutionMode mode) =>
        OrtStatus.Check(OrtNative.Api->SetSessionExecutionMode(options.DangerousGetHandle(), (int)mode));

    public static void SetCpuMemoryArena(OrtSessionOptionsHandle options, bool enabled) =>
        OrtStatus.Check(enabled
            ? OrtNative.Api->EnableCpuMemArena(options.DangerousGetHandle())
            : OrtNative.Api->DisableCpuMemArena(options.DangerousGetHandle()));

    public static void SetMemoryPattern(OrtSessionOptionsHandle options, bool enabled) =>
        OrtStatus.Check(enabled
            ? OrtNative.Api->EnableMemPattern(options.DangerousGetHandle())
            : OrtNative.Api->DisableMemPattern(options.DangerousGetHandle()));

    public static void FixDimensionByName(OrtSessionOptionsHandle options, string name, long value)
    {
        fixed (byte* text = OrtUtf8.NullTerminated(name))
        {
            OrtStatus.Check(OrtNative.Api->AddFreeDimensionOverrideByName(options.DangerousGetHandle(), text, value));
        }
    }

    public static void FixDimensionByDenotation(OrtSessionOptionsHandle options, string denotation, long value)
    {
        fixed (byte* text = OrtUtf8.NullTerminated(denotation))
        {
            OrtStatus.Check(OrtNative.Api->AddFreeDimensionOverride(options.DangerousGetHandle(), text, value));
        }
    }

    public static void SetLogId(OrtSessionOptionsHandle options, string logId)
    {
        fixed (byte* text = OrtUtf8.NullTerminated(logId))
        {
            OrtStatus.Check(OrtNative.Api->SetSessionLogId(options.DangerousGetHandle(), text));
        }
    }

    public static void SetLogSeverity(OrtSessionOptionsHandle options, OrtLoggingLevel severity) =>
        OrtStatus.Check(OrtNative.Api->SetSessionLogSeverityLevel(options.DangerousGetHandle(), (int)severity));

    /// <summary>Makes ONNX Runtime write the graph it runs, after its optimisations, to <paramref name="path"/> as ONNX.</summary>
    public static void SetOptimizedModelFilePath(OrtSessionOptionsHandle options, string path)
    {
        // ORTCHAR_T is wchar_t on Windows and char (UTF-8) elsewhere.
        if (OperatingSystem.IsWindows())
        {
            fixed (char* text = path)
            {
                OrtStatus.Check(OrtNative.Api->SetOptimizedModelFilePath(options.DangerousGetHandle(), text));
            }
        }
        else
        {
            fixed (byte* text = OrtUtf8.NullTerminated(path))
            {
                OrtStatus.Check(OrtNative.Api->SetOptimizedModelFilePath(options.DangerousGetHandle(), text));
            }
        }
    }

    /// <summary>Makes ONNX Runtime time every node of every run and write the trace to a JSON file whose name starts with <paramref name="prefix"/>.</summary>
    public static void EnableProfiling(OrtSessionOptionsHandle options, string prefix)
    {
        fixed (byte* text = OrtUtf8.NullTerminated(prefix))
        {
            OrtStatus.Check(OrtNative.Api->EnableProfiling(options.DangerousGetHandle(), text));
        }
    }
}
