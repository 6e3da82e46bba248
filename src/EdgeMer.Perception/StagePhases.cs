using System.Diagnostics;

namespace EdgeMer.Perception;

/// <summary>
/// Where one run of a stage spent its time, in <see cref="Stopwatch"/> ticks: turning the frame into
/// model input, inside ONNX Runtime, and turning the model output into results. A value, so stages
/// keep one per run without allocating.
/// </summary>
public readonly record struct StagePhases(long PreprocessTicks, long ModelTicks, long PostprocessTicks, int ModelRuns)
{
    public long TotalTicks => PreprocessTicks + ModelTicks + PostprocessTicks;

    public static StagePhases operator +(StagePhases left, StagePhases right) =>
        new(left.PreprocessTicks + right.PreprocessTicks, left.ModelTicks + right.ModelTicks, left.PostprocessTicks + right.PostprocessTicks, left.ModelRuns + right.ModelRuns);
}
