using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>One dimension of a <see cref="TfJsShape"/>; -1 when unknown.</summary>
internal sealed class TfJsDim
{
    [JsonPropertyName("size")]
    public long Size { get; set; }
}
