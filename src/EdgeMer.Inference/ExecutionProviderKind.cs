namespace EdgeMer.Inference;

/// <summary>The execution providers EdgeMer knows how to configure.</summary>
public enum ExecutionProviderKind
{
    /// <summary>ONNX Runtime's CPU provider; always present and always the last fallback.</summary>
    Cpu,

    /// <summary>NVIDIA CUDA (needs the CUDA provider library, CUDA and cuDNN).</summary>
    Cuda,

    /// <summary>NVIDIA TensorRT (needs the TensorRT provider library and TensorRT).</summary>
    TensorRT,

    /// <summary>Microsoft DirectML on Windows.</summary>
    DirectML,

    /// <summary>XNNPACK, tuned for Arm CPUs.</summary>
    Xnnpack,
}
