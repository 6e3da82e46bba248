using System.Diagnostics;
using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Perception;
using EdgeMer.Perception.Body;
using EdgeMer.Platform;

namespace EdgeMer.Tools.Benchmarks;

/// <summary>
/// The body pipeline on one thread (MoveNet Lightning on the crop from the previous frame, smoothing,
/// the gait window and the observation) over frames made before timing starts: a photograph drifting
/// across a grey frame, so the crop follows it. Reports the pipeline's time per frame over the ONNX
/// Runtime time of the very runs it made, and managed bytes allocated per frame over the timed passes.
/// </summary>
public sealed class BodyBenchmark
{
    private readonly PoseModel _model;

    public BodyBenchmark(PoseModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    /// <summary>
    /// <paramref name="framesPerPass"/> frames of <paramref name="width"/> × <paramref name="height"/> with
    /// <paramref name="photo"/> moving one pixel right and back per frame.
    /// </summary>
    public static RgbImage[] Frames(RgbImage photo, int width, int height, int framesPerPass)
    {
        ArgumentNullException.ThrowIfNull(photo);
        if (photo.Width + framesPerPass > width || photo.Height > height)
        {
            throw new ArgumentException($"a {photo.Width}x{photo.Height} photograph moving {framesPerPass} pixels does not fit a {width}x{height} frame");
        }

        var frames = new RgbImage[framesPerPass];
        int top = (height - photo.Height) / 2;
        for (int f = 0; f < framesPerPass; f++)
        {
            var frame = new RgbImage(width, height);
            frame.Pixels.Fill(128);
            int left = ((width - photo.Width - framesPerPass) / 2) + f;
            for (int y = 0; y < photo.Height; y++)
            {
                photo.Pixels.Slice(y * photo.Width * 3, photo.Width * 3).CopyTo(frame.Pixels.Slice((((top + y) * width) + left) * 3));
            }

            frames[f] = frame;
        }

        return frames;
    }

    public BodyBenchmarkReport Run(string name, RgbImage[] frames, int passes, int warmupPasses, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfZero(frames.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupPasses);
        using var pipeline = new BodyPipeline(_model);
        long index = 0, people = 0;
        long totalTicks = 0, modelTicks = 0, preprocessTicks = 0, trackingTicks = 0;

        // The capture times go on from pass to pass, as a live camera's at 30 frames per second.
        void Pass(bool timed)
        {
            foreach (RgbImage frame in frames)
            {
                long start = Stopwatch.GetTimestamp();
                BodyTrack? track = pipeline.Process(frame.View, TimeSpan.FromTicks(index * TimeSpan.TicksPerSecond / 30));
                long elapsed = Stopwatch.GetTimestamp() - start;
                index++;
                if (timed)
                {
                    StagePhasesOf(pipeline, out long model, out long preprocess, out long pose);
                    totalTicks += elapsed;
                    modelTicks += model;
                    preprocessTicks += preprocess;
                    trackingTicks += elapsed - pose;
                    people += track is null ? 0 : 1;
                }
            }
        }

        progress?.Invoke($"warming up over {warmupPasses} passes");
        for (int i = 0; i < warmupPasses; i++)
        {
            Pass(timed: false);
        }

        progress?.Invoke($"timing {passes} passes of {frames.Length} frames");
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < passes; i++)
        {
            Pass(timed: true);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        long count = (long)passes * frames.Length;
        MachineInfo machine = MachineInfo.Read();
        return new BodyBenchmarkReport(
            _model.Description.Id,
            name,
            frames[0].Width,
            frames[0].Height,
            frames.Length,
            passes,
            warmupPasses,
            count,
            people,
            machine.CpuModel,
            machine.CpuFeatures,
            InferenceEnvironment.Current.Runtime.Version,
            Ms(totalTicks) / count,
            Ms(modelTicks) / count,
            Ms(preprocessTicks) / count,
            Ms(trackingTicks) / count,
            modelTicks > 0 ? totalTicks / (double)modelTicks : double.NaN,
            allocated / (double)count);
    }

    private static void StagePhasesOf(BodyPipeline pipeline, out long model, out long preprocess, out long pose)
    {
        StagePhases phases = pipeline.PoseRun;
        model = phases.ModelTicks;
        preprocess = phases.PreprocessTicks;
        pose = phases.TotalTicks;
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
