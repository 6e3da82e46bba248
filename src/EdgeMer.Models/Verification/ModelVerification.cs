namespace EdgeMer.Models.Verification;

/// <summary>The outcome of verifying one converted model.</summary>
public sealed record ModelVerification(string ModelId, string Method, int Cases, IReadOnlyList<OutputDifference> Outputs, bool Passed, string Summary)
{
    /// <summary>The largest scaled difference over all outputs (0 for checks that compare no outputs).</summary>
    public double WorstScaled
    {
        get
        {
            double worst = 0;
            foreach (OutputDifference output in Outputs)
            {
                worst = Math.Max(worst, output.MaxScaled);
            }

            return worst;
        }
    }
}
