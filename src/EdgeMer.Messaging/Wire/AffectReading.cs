using System.Text.Json.Serialization;
using EdgeMer.Affect;

namespace EdgeMer.Messaging.Wire;

/// <summary>The wire form of valence (unpleasant −1 to pleasant +1) and arousal (calm −1 to excited +1).</summary>
public sealed class AffectReading
{
    [JsonConstructor]
    public AffectReading(float valence, float arousal)
        : this(new ValenceArousal(valence, arousal))
    {
    }

    private AffectReading(ValenceArousal value)
    {
        Value = value;
    }

    public float Valence => Value.Valence;

    public float Arousal => Value.Arousal;

    /// <summary>The point as the domain holds it.</summary>
    [JsonIgnore]
    public ValenceArousal Value { get; }

    /// <summary>The wire form of a domain point.</summary>
    public static AffectReading From(ValenceArousal value) => new(value);
}
