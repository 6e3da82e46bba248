namespace EdgeMer.Onnx;

/// <summary>
/// An ONNX model that cannot be read, or that breaks the rules of the format; the message names the
/// file, node, value or field at fault.
/// </summary>
public sealed class OnnxModelException : Exception
{
    public OnnxModelException()
    {
    }

    public OnnxModelException(string message)
        : base(message)
    {
    }

    public OnnxModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The problems validation found; empty when the exception has another cause.</summary>
    public IReadOnlyList<OnnxValidationIssue> Issues { get; init; } = [];
}
