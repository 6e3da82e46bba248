using System.Runtime.InteropServices;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Safe entry points over the OrtApi table: SafeHandles and managed values in and out, every status
// checked. Nothing above the interop layer sees a pointer. Split by concern: Ort.<Concern>.cs.
internal static unsafe partial class Ort
{
    public static OrtEnvHandle CreateEnvironment(
        OrtLoggingLevel severity, string logId, OrtLogSink logSink, GlobalThreadPoolOptions? globalThreadPools)
    {
        OrtApi* api = OrtNative.Api;
        byte[] id = OrtUtf8.NullTerminated(logId);
        GCHandle sink = GCHandle.Alloc(logSink);
        nint env = 0;
        try
        {
            fixed (byte* idPointer = id)
            {
                if (globalThreadPools is null)
                {
                    OrtStatus.Check(api->CreateEnvWithCustomLogger(
                        OrtLogCallback.Pointer, GCHandle.ToIntPtr(sink), (int)severity, idPointer, &env));
                }
                else
                {
                    using OrtThreadingOptionsHandle threading = CreateThreadingOptions(globalThreadPools);
                    OrtStatus.Check(api->CreateEnvWithCustomLoggerAndGlobalThreadPools(
                        OrtLogCallback.Pointer, GCHandle.ToIntPtr(sink), (int)severity, idPointer, threading.DangerousGetHandle(), &env));
                }
            }
        }
        catch
        {
            sink.Free();
            throw;
        }

        OrtEnvHandle handle = OrtHandle.Adopt<OrtEnvHandle>(env);
        handle.OwnLogSink(sink);
        return handle;
    }

    public static string[] GetAvailableProviders()
    {
        OrtApi* api = OrtNative.Api;
        byte** names;
        int count;
        OrtStatus.Check(api->GetAvailableProviders(&names, &count));
        var providers = new string[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                providers[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? string.Empty;
            }
        }
        finally
        {
            OrtStatus.Check(api->ReleaseAvailableProviders(names, count));
        }

        return providers;
    }

    private static OrtThreadingOptionsHandle CreateThreadingOptions(GlobalThreadPoolOptions pools)
    {
        OrtApi* api = OrtNative.Api;
        nint raw;
        OrtStatus.Check(api->CreateThreadingOptions(&raw));
        OrtThreadingOptionsHandle options = OrtHandle.Adopt<OrtThreadingOptionsHandle>(raw);
        try
        {
            OrtStatus.Check(api->SetGlobalIntraOpNumThreads(raw, pools.IntraOpThreads));
            OrtStatus.Check(api->SetGlobalInterOpNumThreads(raw, pools.InterOpThreads));
            OrtStatus.Check(api->SetGlobalSpinControl(raw, pools.AllowSpinning ? 1 : 0));
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }
}
