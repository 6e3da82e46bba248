using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>Valence (unpleasant −1 to pleasant +1) and arousal (calm −1 to excited +1).</summary>
public sealed class Affect
{
    [JsonConstructor]
    public Affect(float valence, float arousal)
    {
        Valence = WireCheck.Signed(valence, "valence");
        Arousal = WireCheck.Signed(arousal, "arousal");
    }

    public float Valence { get; }

    public float Arousal { get; }
}
