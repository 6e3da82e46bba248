using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// How likely (0 to 1) each state is over the window; null where no modality that observes it
/// contributed (eyes need the face, speaking needs the voice, walking needs the body).
/// </summary>
public sealed class AffectiveStates
{
    [JsonConstructor]
    public AffectiveStates(float? drowsy, float? distracted, float? fatigued, float? eyesClosed, float? yawning, float? speaking, float? walking)
    {
        Drowsy = WireCheck.Unit(drowsy, "drowsy");
        Distracted = WireCheck.Unit(distracted, "distracted");
        Fatigued = WireCheck.Unit(fatigued, "fatigued");
        EyesClosed = WireCheck.Unit(eyesClosed, "eyesClosed");
        Yawning = WireCheck.Unit(yawning, "yawning");
        Speaking = WireCheck.Unit(speaking, "speaking");
        Walking = WireCheck.Unit(walking, "walking");
    }

    public float? Drowsy { get; }

    public float? Distracted { get; }

    public float? Fatigued { get; }

    public float? EyesClosed { get; }

    public float? Yawning { get; }

    public float? Speaking { get; }

    public float? Walking { get; }
}
