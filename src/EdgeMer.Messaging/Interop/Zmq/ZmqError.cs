using System.Runtime.InteropServices;
using EdgeMer.Messaging.Zmq;

namespace EdgeMer.Messaging.Interop.Zmq;

/// <summary>The one place where a failed libzmq call becomes a <see cref="ZmqException"/>.</summary>
internal static class ZmqError
{
    /// <summary>
    /// The errno of the call that just failed. On POSIX the generated stubs capture errno right after
    /// the call (SetLastError), before the runtime can disturb it; on Windows libzmq keeps its own
    /// CRT's errno, which only zmq_errno() can read.
    /// </summary>
    internal static int LastCode() => OperatingSystem.IsWindows() ? LibZmq.Errno() : Marshal.GetLastPInvokeError();

    internal static unsafe string Describe(int code)
    {
        byte* text = LibZmq.StrError(code);
        return text is null ? $"error {code}" : Marshal.PtrToStringUTF8((IntPtr)text) ?? $"error {code}";
    }

    internal static ZmqException Create(string operation, int code) => new(operation, code, Describe(code));

    internal static ZmqException Create(string operation) => Create(operation, LastCode());

    internal static void ThrowIfFailed(int rc, string operation)
    {
        if (rc == -1)
        {
            throw Create(operation);
        }
    }
}
