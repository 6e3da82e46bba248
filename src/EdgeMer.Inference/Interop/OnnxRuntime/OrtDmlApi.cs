using System.Runtime.InteropServices;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// The head of OrtDmlApi (dml_provider_factory.h), reached through OrtApi.GetExecutionProviderApi("DML").
// Only its first entry is bound; later entries are never read.
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OrtDmlApi
{
    public delegate* unmanaged[Cdecl]<nint, int, nint> SessionOptionsAppendExecutionProvider_DML;
}
