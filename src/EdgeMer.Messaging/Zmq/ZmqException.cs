namespace EdgeMer.Messaging.Zmq;

/// <summary>A libzmq call failed. Carries the native errno and libzmq's own description of it.</summary>
public sealed class ZmqException : Exception
{
    public ZmqException(string operation, int errorCode, string nativeMessage)
        : base($"{operation} failed: {nativeMessage} (zmq errno {errorCode})")
    {
        Operation = operation;
        ErrorCode = errorCode;
        NativeMessage = nativeMessage;
    }

    /// <summary>The libzmq function and what it was asked to do, e.g. <c>zmq_bind(tcp://127.0.0.1:5556)</c>.</summary>
    public string Operation { get; }

    /// <summary>The errno libzmq set (POSIX numbering, or libzmq's own above 156384712).</summary>
    public int ErrorCode { get; }

    /// <summary>What <c>zmq_strerror</c> says about <see cref="ErrorCode"/>.</summary>
    public string NativeMessage { get; }
}
