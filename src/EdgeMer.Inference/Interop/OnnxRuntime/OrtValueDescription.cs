using EdgeMer.Platform;

namespace EdgeMer.Inference.Interop.OnnxRuntime;

// What an input or output of a session is: its kind and, for tensors, element type and shape
// (-1 for a dynamic dimension, whose symbolic name, if any, is in SymbolicDimensions).
internal sealed record OrtValueDescription(OnnxType Kind, TensorElementType ElementType, long[] Shape, string[] SymbolicDimensions);
