using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>A TensorFlow <c>NodeDef</c>: name, op, inputs (<c>node</c>, <c>node:1</c>, <c>^control</c>) and attributes.</summary>
internal sealed class TfJsNode
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("op")]
    public string Op { get; set; } = "";

    [JsonPropertyName("input")]
    public List<string>? Input { get; set; }

    [JsonPropertyName("attr")]
    public Dictionary<string, TfJsAttr>? Attr { get; set; }
}
