using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>One weight in a <see cref="TfJsWeightGroup"/>: the Const node it feeds, its shape, dtype and compression.</summary>
internal sealed class TfJsWeightSpec
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("shape")]
    public List<long>? Shape { get; set; }

    [JsonPropertyName("dtype")]
    public string? Dtype { get; set; }

    [JsonPropertyName("quantization")]
    public TfJsQuantization? Quantization { get; set; }
}
