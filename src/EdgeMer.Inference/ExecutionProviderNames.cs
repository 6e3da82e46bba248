namespace EdgeMer.Inference;

/// <summary>The names ONNX Runtime gives the execution providers (as <c>GetAvailableProviders</c> reports them).</summary>
public static class ExecutionProviderNames
{
    /// <summary>ONNX Runtime's name for <paramref name="kind"/>.</summary>
    public static string Of(ExecutionProviderKind kind) => kind switch
    {
        ExecutionProviderKind.Cpu => "CPUExecutionProvider",
        ExecutionProviderKind.Cuda => "CUDAExecutionProvider",
        ExecutionProviderKind.TensorRT => "TensorrtExecutionProvider",
        ExecutionProviderKind.DirectML => "DmlExecutionProvider",
        ExecutionProviderKind.Xnnpack => "XnnpackExecutionProvider",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an execution provider EdgeMer knows"),
    };
}
