namespace EdgeMer.Models.Tooling.Verification;

/// <summary>The outcome of verifying one converted model.</summary>
/// <param name="ModelId">The catalog id.</param>
/// <param name="Method">The manifest's verification method (<c>tfjs</c>, <c>vad-web</c>).</param>
/// <param name="Cases">What the model was run on, by name (<c>face crop of diner.jpg</c>, <c>random input 1</c>, <c>speech.wav</c>).</param>
/// <param name="Outputs">How far each compared output is from the reference over all cases.</param>
/// <param name="Passed">Whether every output is within <see cref="ModelVerifier.Tolerance"/> and every further check held.</param>
/// <param name="Summary">One line of figures for people.</param>
public sealed record ModelVerification(string ModelId, string Method, IReadOnlyList<string> Cases, IReadOnlyList<OutputDifference> Outputs, bool Passed, string Summary)
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
