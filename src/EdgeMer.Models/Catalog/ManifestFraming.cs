using System.Text.Json.Serialization;

namespace EdgeMer.Models.Catalog;

/// <summary>
/// How a streamed audio input is framed: each call takes <see cref="FrameSamples"/> new samples behind the
/// last <see cref="ContextSamples"/> samples of the previous frame (zeros before the first), so the
/// input's last dimension is their sum.
/// </summary>
internal sealed class ManifestFraming
{
    /// <summary>New samples per call (Silero VAD v5: 512, 32 ms at 16 kHz).</summary>
    [JsonPropertyName("frameSamples")]
    public int? FrameSamples { get; set; }

    /// <summary>Samples of the previous frame repeated in front of the new ones (Silero VAD v5: 64).</summary>
    [JsonPropertyName("contextSamples")]
    public int? ContextSamples { get; set; }
}
