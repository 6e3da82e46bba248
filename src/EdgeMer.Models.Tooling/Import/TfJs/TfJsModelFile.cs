using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>A TensorFlow.js graph model's <c>model.json</c>: the TensorFlow GraphDef as JSON plus the weights manifest.</summary>
internal sealed partial class TfJsModelFile
{
    [JsonPropertyName("format")]
    public string? Format { get; set; }

    [JsonPropertyName("generatedBy")]
    public string? GeneratedBy { get; set; }

    [JsonPropertyName("modelTopology")]
    public TfJsTopology? ModelTopology { get; set; }

    [JsonPropertyName("weightsManifest")]
    public List<TfJsWeightGroup>? WeightsManifest { get; set; }

    [JsonPropertyName("signature")]
    public TfJsSignature? Signature { get; set; }

    [JsonPropertyName("userDefinedMetadata")]
    public TfJsUserMetadata? UserDefinedMetadata { get; set; }
}
