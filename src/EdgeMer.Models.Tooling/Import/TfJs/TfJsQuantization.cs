using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>How a weight was compressed: uint8/uint16 affine (<c>value = q * scale + min</c>) or float16.</summary>
internal sealed class TfJsQuantization
{
    [JsonPropertyName("dtype")]
    public string? Dtype { get; set; }

    // Doubles: TensorFlow.js dequantizes in JavaScript numbers and rounds to float32 once.
    [JsonPropertyName("scale")]
    public double? Scale { get; set; }

    [JsonPropertyName("min")]
    public double? Min { get; set; }
}
