using EdgeMer.Quantization.Calibration;
using EdgeMer.Quantization.Measuring;

namespace EdgeMer.Quantization.Reports;

/// <summary>One INT8 variant built in a run: how it was calibrated, its size and its fidelity on the held-out inputs.</summary>
public sealed record VariantResult(
    string Name,
    CalibrationMethod Method,
    bool FollowsKeepFloat,
    long Bytes,
    string Sha256,
    FileComposition Composition,
    IReadOnlyList<FidelityFigure> Fidelity)
{
    public bool MeetsFidelity
    {
        get
        {
            foreach (FidelityFigure figure in Fidelity)
            {
                if (!figure.Met)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
