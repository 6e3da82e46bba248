namespace EdgeMer.Inference;

/// <summary>Whether the libraries an execution provider loads at run time are where ONNX Runtime looks for them.</summary>
public enum ProviderLibraryStatus
{
    /// <summary>The provider is part of the ONNX Runtime library itself (CPU, XNNPACK, DirectML).</summary>
    BuiltIn,

    /// <summary>Its provider libraries are beside the ONNX Runtime library (CUDA, TensorRT).</summary>
    Present,

    /// <summary>At least one of its provider libraries is not beside the ONNX Runtime library.</summary>
    Missing,

    /// <summary>ONNX Runtime was found by the system loader's search, so the folder it looks in is not known.</summary>
    Unknown,
}
