using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>The model's serving signature: its inputs and outputs by key.</summary>
internal sealed class TfJsSignature
{
    [JsonPropertyName("inputs")]
    public Dictionary<string, TfJsTensorInfo>? Inputs { get; set; }

    [JsonPropertyName("outputs")]
    public Dictionary<string, TfJsTensorInfo>? Outputs { get; set; }
}
