using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>The list form of a TensorFlow <c>AttrValue</c> (strings base64, ints decimal strings).</summary>
internal sealed class TfJsAttrList
{
    [JsonPropertyName("s")]
    public List<string>? S { get; set; }

    [JsonPropertyName("i")]
    public List<long>? I { get; set; }

    [JsonPropertyName("f")]
    public List<float>? F { get; set; }
}
