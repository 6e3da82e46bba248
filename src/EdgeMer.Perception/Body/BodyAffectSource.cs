namespace EdgeMer.Perception.Body;

/// <summary>Where a body reading's affect comes from.</summary>
public enum BodyAffectSource
{
    /// <summary>The documented gait heuristic (<see cref="BodyAffectEstimator"/>).</summary>
    Heuristic = 0,

    /// <summary>A gait-emotion model plugged in through its manifest (<see cref="GaitEmotionModel"/>).</summary>
    Model = 1,
}
