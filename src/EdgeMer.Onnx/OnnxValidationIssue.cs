namespace EdgeMer.Onnx;

/// <summary>One rule of the ONNX format a model breaks.</summary>
/// <param name="NodeName">The node at fault (its name, or <c>op_type#index</c> when it has none), or null for model- and graph-level problems.</param>
/// <param name="Message">What is wrong, naming the values involved.</param>
public sealed record OnnxValidationIssue(string? NodeName, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => NodeName is null ? Message : $"node '{NodeName}': {Message}";
}
