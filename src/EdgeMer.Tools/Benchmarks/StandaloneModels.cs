using System.Diagnostics;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Tools.Benchmarks;

/// <summary>
/// The pipeline's models, each alone in sessions of its own (EdgeMer's binding and the official
/// managed API, same settings), fed the inputs the pipeline gave it, and timed in turns: each call to
/// <see cref="Run"/> runs every model a number of times through each API, so that the standalone runs
/// can be interleaved with the pipeline's frames.
/// </summary>
internal sealed class StandaloneModels(Action<string>? progress) : IDisposable
{
    private readonly List<Side> _sides = [];

    public void Open(InferenceEnvironment environment, ModelStore store, int threads, string model, string stage, long batch, IReadOnlyList<float[]> images)
    {
        progress?.Invoke($"{model} standalone, on {images.Count} input(s) from the pipeline");
        OfficialOnnxRuntime.Join(environment);
        var sides = new OrtModelSides(environment, store.ModelPath(model), threads, batch, images);
        try
        {
            sides.CheckOutputsAgree(model);
        }
        catch
        {
            sides.Dispose();
            throw;
        }

        _sides.Add(new Side(model, stage, sides));
    }

    public void WarmUp(int runs)
    {
        foreach (Side side in _sides)
        {
            for (int i = 0; i < runs * side.Sides.Images; i++)
            {
                side.Sides.RunEdgeMerBinding();
                side.Sides.RunOfficialBinding();
            }
        }
    }

    /// <summary>Runs each model at least <paramref name="runs"/> times through each API, rounded up to whole passes over its inputs.</summary>
    public void Run(int runs)
    {
        foreach (Side side in _sides)
        {
            int count = (runs + side.Sides.Images - 1) / side.Sides.Images * side.Sides.Images;
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                side.Sides.RunEdgeMerBinding();
            }

            side.EdgeMerTicks += Stopwatch.GetTimestamp() - start;
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                side.Sides.RunOfficialBinding();
            }

            side.OfficialTicks += Stopwatch.GetTimestamp() - start;
            side.Runs += count;
        }
    }

    /// <summary>What <paramref name="model"/>'s runs cost standalone so far, with the runs it makes per pipeline frame.</summary>
    public PipelineModelCost Cost(string model, double runsPerFrame)
    {
        Side side = _sides.Find(s => s.Model == model) ?? throw new InvalidOperationException($"{model} was not opened standalone");
        if (side.Runs == 0)
        {
            throw new InvalidOperationException($"{model} has not been run standalone yet");
        }

        string input = $"{string.Join("; ", side.Sides.DescribeInputs())} ({side.Sides.Images} from the pipeline)";
        return new PipelineModelCost(side.Model, side.Stage, input, runsPerFrame, Ms(side.EdgeMerTicks) / side.Runs, Ms(side.OfficialTicks) / side.Runs);
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public void Dispose()
    {
        foreach (Side side in _sides)
        {
            side.Sides.Dispose();
        }
    }

    private sealed class Side(string model, string stage, OrtModelSides sides)
    {
        public string Model { get; } = model;

        public string Stage { get; } = stage;

        public OrtModelSides Sides { get; } = sides;

        public long EdgeMerTicks { get; set; }

        public long OfficialTicks { get; set; }

        public int Runs { get; set; }
    }
}
