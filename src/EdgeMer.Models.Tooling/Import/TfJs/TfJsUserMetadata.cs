using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>model.json's <c>userDefinedMetadata</c>; older converters put the signature here.</summary>
internal sealed class TfJsUserMetadata
{
    [JsonPropertyName("signature")]
    public TfJsSignature? Signature { get; set; }
}
