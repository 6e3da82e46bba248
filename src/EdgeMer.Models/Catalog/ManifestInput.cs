using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

/// <summary>One model input as the converted model takes it.</summary>
internal sealed class ManifestInput
{
    /// <summary>The ONNX input name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The input's name in the source model (TensorFlow placeholder), when it differs.</summary>
    [JsonPropertyName("sourceName")]
    public string? SourceName { get; set; }

    /// <summary>Dimensions: positive sizes, or <c>"batch"</c> for the batch size.</summary>
    [JsonPropertyName("shape")]
    public List<System.Text.Json.JsonElement>? Shape { get; set; }

    /// <summary><c>NHWC</c> (images), <c>NT</c> (audio samples) or <c>none</c> (state, scalars).</summary>
    [JsonPropertyName("layout")]
    public string? Layout { get; set; }

    [JsonPropertyName("dtype")]
    public string? Dtype { get; set; }

    /// <summary><c>rgb</c>, <c>grayscale</c> or <c>none</c>.</summary>
    [JsonPropertyName("colorOrder")]
    public string? ColorOrder { get; set; }

    [JsonPropertyName("normalization")]
    public ManifestNormalization? Normalization { get; set; }

    /// <summary>What is fed here: <c>face-crop</c>, <c>frame</c>, <c>audio-16k</c>, <c>log-mel-16k</c>, <c>joints-coco17</c>, <c>state</c> or <c>sample-rate</c>.</summary>
    [JsonPropertyName("content")]
    public string? Content { get; set; }

    /// <summary>For <c>audio-16k</c> inputs: new and context samples per call.</summary>
    [JsonPropertyName("framing")]
    public ManifestFraming? Framing { get; set; }
}
