namespace EdgeMer.Inference;

/// <summary>The error codes ONNX Runtime reports (<c>OrtErrorCode</c> in the C API).</summary>
public enum OrtErrorCode
{
    /// <summary>No error.</summary>
    Ok = 0,

    /// <summary>A generic failure.</summary>
    Fail = 1,

    /// <summary>An argument was invalid (wrong shape, wrong type, unknown name...).</summary>
    InvalidArgument = 2,

    /// <summary>A file does not exist.</summary>
    NoSuchFile = 3,

    /// <summary>No model was loaded.</summary>
    NoModel = 4,

    /// <summary>An execution engine failed.</summary>
    EngineError = 5,

    /// <summary>An exception was raised inside the runtime.</summary>
    RuntimeException = 6,

    /// <summary>The model is not a valid ONNX protobuf.</summary>
    InvalidProtobuf = 7,

    /// <summary>A model was already loaded.</summary>
    ModelLoaded = 8,

    /// <summary>The runtime does not implement what was asked.</summary>
    NotImplemented = 9,

    /// <summary>The model's graph is invalid.</summary>
    InvalidGraph = 10,

    /// <summary>An execution provider failed.</summary>
    EpFail = 11,

    /// <summary>Model loading was cancelled (newer runtimes).</summary>
    ModelLoadCanceled = 12,

    /// <summary>The model must be compiled first (newer runtimes).</summary>
    ModelRequiresCompilation = 13,

    /// <summary>Something looked up was not found (newer runtimes).</summary>
    NotFound = 14,
}
