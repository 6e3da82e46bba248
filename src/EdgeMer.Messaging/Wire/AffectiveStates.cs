using System.Text.Json.Serialization;
using EdgeMer.Affect;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// The wire form of <see cref="StateLikelihoods"/>: how likely (0 to 1) each state is over the window;
/// null where no modality that observes it contributed (eyes need the face, speaking needs the voice,
/// walking needs the body).
/// </summary>
public sealed class AffectiveStates
{
    [JsonConstructor]
    public AffectiveStates(float? drowsy, float? distracted, float? fatigued, float? eyesClosed, float? yawning, float? speaking, float? walking)
        : this(new StateLikelihoods(drowsy, distracted, fatigued, eyesClosed, yawning, speaking, walking))
    {
    }

    private AffectiveStates(StateLikelihoods value)
    {
        Value = value;
    }

    public float? Drowsy => Value.Drowsy;

    public float? Distracted => Value.Distracted;

    public float? Fatigued => Value.Fatigued;

    public float? EyesClosed => Value.EyesClosed;

    public float? Yawning => Value.Yawning;

    public float? Speaking => Value.Speaking;

    public float? Walking => Value.Walking;

    /// <summary>The likelihoods as the domain holds them.</summary>
    [JsonIgnore]
    public StateLikelihoods Value { get; }

    /// <summary>The wire form of domain likelihoods.</summary>
    public static AffectiveStates From(StateLikelihoods value) => new(value);
}
