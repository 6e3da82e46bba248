using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

/// <summary>How the converted model is checked against its source.</summary>
internal sealed class ManifestVerification
{
    /// <summary><c>tfjs</c>: every output compared with TensorFlow.js; <c>vad-web</c>: Silero VAD's probability per frame compared with the pinned @ricky0123/vad-web's own streaming of the same model on the sample speech and silence.</summary>
    [JsonPropertyName("method")]
    public string? Method { get; set; }

    [JsonPropertyName("randomInputs")]
    public int? RandomInputs { get; set; }
}
