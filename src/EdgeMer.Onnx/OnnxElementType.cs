using System.Diagnostics.CodeAnalysis;

namespace EdgeMer.Onnx;

/// <summary>
/// The element type of an ONNX tensor; the values are those of <c>TensorProto.DataType</c> in the
/// ONNX schema, so a value casts to and from the <c>elem_type</c>/<c>data_type</c> fields.
/// </summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The names are those of the ONNX element types.")]
public enum OnnxElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}
