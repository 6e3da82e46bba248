namespace EdgeMer.Inference.Interop.OnnxRuntime;

// ONNXType of onnxruntime_c_api.h: what kind of value an input or output is.
internal enum OnnxType
{
    Unknown = 0,
    Tensor = 1,
    Sequence = 2,
    Map = 3,
    Opaque = 4,
    SparseTensor = 5,
    Optional = 6,
}
