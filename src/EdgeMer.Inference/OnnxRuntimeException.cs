namespace EdgeMer.Inference;

/// <summary>An error reported by ONNX Runtime, with its native error code and message.</summary>
public sealed class OnnxRuntimeException : Exception
{
    /// <summary>Creates the exception for a native failure.</summary>
    public OnnxRuntimeException(OrtErrorCode errorCode, string nativeMessage)
        : this(errorCode, nativeMessage, context: null)
    {
    }

    /// <summary>Creates the exception for a native failure that happened while doing <paramref name="context"/>.</summary>
    public OnnxRuntimeException(OrtErrorCode errorCode, string nativeMessage, string? context)
        : this(errorCode, nativeMessage, context, innerException: null)
    {
    }

    /// <summary>Creates the exception for a native failure, keeping the exception it was first reported by.</summary>
    public OnnxRuntimeException(OrtErrorCode errorCode, string nativeMessage, string? context, Exception? innerException)
        : base(Describe(errorCode, nativeMessage, context), innerException)
    {
        ErrorCode = errorCode;
        NativeMessage = nativeMessage;
    }

    /// <summary>The code ONNX Runtime returned.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>The message ONNX Runtime returned, unchanged.</summary>
    public string NativeMessage { get; }

    /// <summary>The same failure with what EdgeMer was doing in front of the message.</summary>
    public OnnxRuntimeException WithContext(string context) => new(ErrorCode, NativeMessage, context, this);

    private static string Describe(OrtErrorCode code, string message, string? context) =>
        context is null ? $"ONNX Runtime error {code}: {message}" : $"{context}: ONNX Runtime error {code}: {message}";
}
