using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>A tensor of the signature: the graph tensor (<c>Identity:0</c>), dtype and shape.</summary>
internal sealed class TfJsTensorInfo
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("dtype")]
    public string? Dtype { get; set; }

    [JsonPropertyName("tensorShape")]
    public TfJsShape? TensorShape { get; set; }
}
