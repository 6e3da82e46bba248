using System.Runtime.InteropServices;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// Owns the OrtEnv and the GCHandle that keeps its log sink reachable from ORT's logging threads;
// the sink is freed only after ReleaseEnv, when ORT can no longer call back.
internal sealed unsafe class OrtEnvHandle : OrtHandle
{
    private GCHandle _logSink;

    public void OwnLogSink(GCHandle logSink) => _logSink = logSink;

    protected override bool ReleaseHandle()
    {
        OrtNative.Api->ReleaseEnv(handle);
        if (_logSink.IsAllocated)
        {
            _logSink.Free();
        }

        return true;
    }
}
