using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>The TensorFlow GraphDef of a model.json; the importer reads only its nodes.</summary>
internal sealed class TfJsTopology
{
    [JsonPropertyName("node")]
    public List<TfJsNode>? Node { get; set; }
}
