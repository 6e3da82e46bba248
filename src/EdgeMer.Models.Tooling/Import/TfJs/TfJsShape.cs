using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>A TensorFlow <c>TensorShapeProto</c>: dimensions (-1 for unknown) or an unknown rank.</summary>
internal sealed class TfJsShape
{
    [JsonPropertyName("dim")]
    public List<TfJsDim>? Dim { get; set; }

    [JsonPropertyName("unknownRank")]
    public bool? UnknownRank { get; set; }
}
