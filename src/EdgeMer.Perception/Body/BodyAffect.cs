using EdgeMer.Affect;

namespace EdgeMer.Perception.Body;

/// <summary>
/// What the gait heuristic reads from one window (<see cref="BodyAffectEstimator"/>): valence and
/// arousal (null when the person is not walking: the heuristic reads gait), and how far to trust them.
/// </summary>
public readonly record struct BodyAffect(ValenceArousal? Affect, float Quality);
