using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// The one place an OrtStatus* is turned into an outcome. Every status-returning call goes through
// Check (throws OnnxRuntimeException) or, inside SafeHandle.ReleaseHandle where throwing is not
// allowed, through Succeeded. Either way the status object is released exactly once.
internal static unsafe class OrtStatus
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(nint status)
    {
        if (status != 0)
        {
            Throw(status);
        }
    }

    public static bool Succeeded(nint status)
    {
        if (status == 0)
        {
            return true;
        }

        OrtNative.Api->ReleaseStatus(status);
        return false;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(nint status)
    {
        OrtApi* api = OrtNative.Api;
        OrtErrorCode code;
        string message;
        try
        {
            code = api->GetErrorCode(status);
            message = Marshal.PtrToStringUTF8((nint)api->GetErrorMessage(status)) ?? string.Empty;
        }
        finally
        {
            api->ReleaseStatus(status);
        }

        throw new OnnxRuntimeException(code, message);
    }
}
