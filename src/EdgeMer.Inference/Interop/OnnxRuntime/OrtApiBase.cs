using System.Runtime.InteropServices;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// OrtApiBase: the two-entry table OrtGetApiBase returns. It is not versioned and never changes.
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OrtApiBase
{
    public delegate* unmanaged[Cdecl]<uint, OrtApi*> GetApi;
    public delegate* unmanaged[Cdecl]<byte*> GetVersionString;
}
