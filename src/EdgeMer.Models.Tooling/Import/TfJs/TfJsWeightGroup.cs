using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>One entry of the weights manifest: shard files, concatenated in order, and the weights they hold, in order.</summary>
internal sealed class TfJsWeightGroup
{
    [JsonPropertyName("paths")]
    public List<string>? Paths { get; set; }

    [JsonPropertyName("weights")]
    public List<TfJsWeightSpec>? Weights { get; set; }
}
