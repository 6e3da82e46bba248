using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// The OrtLoggingFunction EdgeMer registers: an unmanaged-callable static method (no marshalled
// delegate), so it is Native AOT safe. ORT calls it on its own threads, at any time.
internal static unsafe class OrtLogCallback
{
    public static delegate* unmanaged[Cdecl]<nint, int, byte*, byte*, byte*, byte*, void> Pointer => &OnMessage;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMessage(nint param, int severity, byte* category, byte* logId, byte* codeLocation, byte* message)
    {
        // An exception must never unwind into native code: a failing logger loses the message, not the process.
        try
        {
            if (param == 0 || GCHandle.FromIntPtr(param).Target is not OrtLogSink sink)
            {
                return;
            }

            if (sink.IsWatching)
            {
                sink.Notice(Text(logId));
            }

            var level = (OrtLoggingLevel)severity;
            if (!sink.IsEnabled(level))
            {
                return;
            }

            sink.Write(level, Text(logId), Text(category), Text(codeLocation), Text(message));
        }
        catch
        {
            // Nothing sensible to do: the logger itself failed (even out of memory: an exception
            // unwinding into ONNX Runtime's thread would end the process).
        }
    }

    private static string Text(byte* utf8) => utf8 == null ? string.Empty : Marshal.PtrToStringUTF8((nint)utf8) ?? string.Empty;
}
