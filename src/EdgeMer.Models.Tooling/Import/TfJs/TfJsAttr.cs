using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>A TensorFlow <c>AttrValue</c>; exactly one member is set. Strings are base64, ints are decimal strings.</summary>
internal sealed class TfJsAttr
{
    [JsonPropertyName("s")]
    public string? S { get; set; }

    [JsonPropertyName("i")]
    public long? I { get; set; }

    [JsonPropertyName("f")]
    public float? F { get; set; }

    [JsonPropertyName("b")]
    public bool? B { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("shape")]
    public TfJsShape? Shape { get; set; }

    [JsonPropertyName("list")]
    public TfJsAttrList? List { get; set; }
}
