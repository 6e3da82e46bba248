using System.Globalization;
using EdgeMer.Platform;

namespace EdgeMer.Inference;

// Names for error messages of every element type ONNX Runtime may report, including those newer than
// TensorElementType knows (ONNX 1.14's float8 types, 1.16's 4-bit integers, 1.18's float4).
internal static class ElementTypeNames
{
    public static string Of(TensorElementType type) => (int)type switch
    {
        17 => "Float8E4M3FN",
        18 => "Float8E4M3FNUZ",
        19 => "Float8E5M2",
        20 => "Float8E5M2FNUZ",
        21 => "UInt4",
        22 => "Int4",
        23 => "Float4E2M1",
        _ when Enum.IsDefined(type) => type.ToString(),
        _ => $"element type {((int)type).ToString(CultureInfo.InvariantCulture)}",
    };
}
