namespace EdgeMer.Models.Tooling.Verification;

/// <summary>
/// How far one output of the converted model is from the reference over all cases:
/// the largest absolute difference, and the largest difference divided by max(1, the output's
/// largest |reference value| in that case), which is what the tolerance applies to.
/// </summary>
public sealed record OutputDifference(string Output, double MaxAbsolute, double MaxScaled, string WorstCase);
