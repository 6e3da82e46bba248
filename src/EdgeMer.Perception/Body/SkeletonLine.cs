namespace EdgeMer.Perception.Body;

/// <summary>What one line of a skeleton stream said besides the keypoints: whose skeleton, when, and whether the person left.</summary>
public readonly record struct SkeletonLine(long LineNumber, int Track, TimeSpan Time, bool Ended);
