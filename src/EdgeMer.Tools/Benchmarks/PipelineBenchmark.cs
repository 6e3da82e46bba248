using System.Diagnostics;
using EdgeMer.Affect;
using EdgeMer.Fusion;
using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception;
using EdgeMer.Perception.Body;
using EdgeMer.Perception.Face;
using EdgeMer.Platform;

namespace EdgeMer.Tools.Benchmarks;

/// <summary>
/// The per-frame path of <c>edgemer run</c> on one thread over frames decoded before timing starts:
/// the face pipeline with every stage on every frame (detector, FaceMesh and Iris per face, emotion per
/// face), the body pipeline (MoveNet Lightning, tracking, gait) on the same frame, each body joined to
/// the face its head is in, and each observation handed to the fuser. Then each of its models alone, in sessions of its own with the same settings,
/// through EdgeMer's binding and through the official managed API (the raw ONNX Runtime run), on inputs
/// of the shapes the pipeline feeds, written by EdgeMer's preprocessing from the clip's last timed frame
/// (the whole frame, a face, an eye), so both sides compute on real pixels (random values can be slower
/// to compute, denormal floats among them). From one run: the pipeline's time per frame over the raw runs its models make per frame,
/// the models' time inside the pipeline over the same runs standalone, and managed bytes per frame.
/// </summary>
public sealed class PipelineBenchmark
{
    private readonly InferenceEnvironment _environment;
    private readonly FaceModels _face;
    private readonly PoseModel _pose;
    private readonly ModelStore _store;
    private readonly int _threads;

    /// <param name="threads">ONNX Runtime intra-op threads the models were loaded with; the standalone sessions get the same.</param>
    /// <param name="store">The built store the models came from: the standalone sessions open the same fp32 files.</param>
    public PipelineBenchmark(InferenceEnvironment environment, FaceModels face, PoseModel pose, ModelStore store, int threads)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(face);
        ArgumentNullException.ThrowIfNull(pose);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _environment = environment;
        _face = face;
        _pose = pose;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _threads = threads;
    }

    public PipelineChainReport Run(RgbImage[] frames, int timedFrames, int warmupFrames, int standaloneRuns, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfZero(frames.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(timedFrames, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupFrames);
        ArgumentOutOfRangeException.ThrowIfLessThan(standaloneRuns, 1);
        using var face = new FacePipeline(_face, new FacePipelineOptions { DetectionInterval = TimeSpan.Zero, EmotionInterval = TimeSpan.Zero });
        using var body = new BodyPipeline(_pose);
        var fuser = new Fuser(new FusionOptions { Purpose = Purpose.Research });
        var matcher = new FaceBodyMatcher(face.Options.MaxFaces);
        StagePhases pose = default;
        long meshRuns = 0, irisRuns = 0, faces = 0, people = 0;

        long faceBytes = 0, bodyBytes = 0, fusionBytes = 0;
        int newestTrack = -1;
        void Frame(int n, bool timed)
        {
            ImageView image = frames[n % frames.Length].View;
            TimeSpan captured = TimeSpan.FromMilliseconds(100.0 * n);
            long before = GC.GetAllocatedBytesForCurrentThread();
            FaceFrameResult result = face.Process(image, captured, n);
            long afterFace = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < result.Count; i++)
            {
                fuser.Observe(result[i].Observation);
                newestTrack = Math.Max(newestTrack, result[i].TrackId);
            }

            long afterFusion = GC.GetAllocatedBytesForCurrentThread();
            matcher.SetFaces(result);
            BodyTrack? track = body.Process(image, captured);
            long afterBody = GC.GetAllocatedBytesForCurrentThread();
            if (track is not null)
            {
                // As the service hands it over: the person of the face its head is in, or the scene's.
                fuser.Observe(track.Observation.ForTrack(matcher.Match(track.Pose)));
            }

            if (timed)
            {
                faceBytes += afterFace - before;
                fusionBytes += afterFusion - afterFace + (GC.GetAllocatedBytesForCurrentThread() - afterBody);
                bodyBytes += afterBody - afterFusion;
            }

            if (timed)
            {
                pose += body.PoseRun;
                FaceLandmarks landmarks = face.LastLandmarks;
                meshRuns += result.Detected || landmarks.Count > 0 ? landmarks.Count : 0;
                for (int i = 0; i < landmarks.Count; i++)
                {
                    irisRuns += landmarks.IsValid(i) ? 1 : 0;
                }

                faces += result.Count;
                people += track is null ? 0 : 1;
            }
        }

        progress?.Invoke($"warming the pipeline up over {warmupFrames} frames");
        for (int i = 0; i < warmupFrames; i++)
        {
            Frame(i, timed: false);
        }

        face.Detection.ResetTiming();
        face.Landmarks.ResetTiming();
        face.Emotion.ResetTiming();
        progress?.Invoke($"timing {timedFrames} frames of the whole pipeline");
        long total = 0;
        int tracksBefore = newestTrack;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < timedFrames; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Frame(warmupFrames + i, timed: true);
            total += Stopwatch.GetTimestamp() - start;
        }

        double allocatedPerFrame = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)timedFrames;
        double perFrame = timedFrames;
        StagePhases detect = face.Detection.Total, landmarks = face.Landmarks.Total, emotion = face.Emotion.Total;

        // The runs each model made per frame, and what the same runs cost standalone on the same kind of pixels.
        ImageView last = frames[(warmupFrames + timedFrames - 1) % frames.Length].View;
        ImageRegion whole = ImageRegion.Whole(last.Width, last.Height);
        FaceFrameResult lastFaces = face.Process(last, TimeSpan.FromMilliseconds(100.0 * (warmupFrames + timedFrames)), warmupFrames + timedFrames);
        ImageRegion someFace = lastFaces.Count > 0 ? lastFaces[0].Region : whole;
        ImageRegion someEye = ImageRegion.FromBox(someFace.CenterX - (someFace.Width / 4), someFace.CenterY - (someFace.Height / 4), someFace.Width / 4, someFace.Width / 4);
        var models = new List<PipelineModelCost>
        {
            Standalone(FaceModels.DetectorId, "face.detect", 1, Pixels(last, whole, _face.Detector.Input), detect.ModelRuns / perFrame, standaloneRuns, progress),
            Standalone(FaceModels.MeshId, "face.landmarks", 1, Pixels(last, someFace, _face.Mesh.Input), meshRuns / perFrame, standaloneRuns, progress),
            Standalone(FaceModels.IrisId, "face.landmarks", 2, Pixels(last, someEye, _face.Iris.Input), irisRuns / perFrame, standaloneRuns, progress),
            Standalone(FaceModels.EmotionId, "face.emotion", 1, Pixels(last, someFace, _face.Emotion.Input), emotion.ModelRuns / perFrame, standaloneRuns, progress),
            Standalone(_pose.Description.Id, "body.pose", 1, Pixels(last, whole, _pose.Input), pose.ModelRuns / perFrame, standaloneRuns, progress),
        };
        (string Stage, long ModelTicks)[] chained =
        [
            ("face.detect", detect.ModelTicks),
            ("face.landmarks", landmarks.ModelTicks),
            ("face.emotion", emotion.ModelTicks),
            ("body.pose", pose.ModelTicks),
        ];
        var stages = new List<PipelineStageCost>();
        foreach ((string stage, long ticks) in chained)
        {
            double chainedMs = Ms(ticks) / perFrame;
            double standaloneMs = models.Where(m => m.Stage == stage).Sum(m => m.RunsPerFrame * m.EdgeMerMs);
            stages.Add(new PipelineStageCost(stage, string.Join(", ", models.Where(m => m.Stage == stage).Select(m => m.Model)), chainedMs, standaloneMs, chainedMs / standaloneMs));
        }

        double pipelineMs = Ms(total) / perFrame;
        double chainedModelMs = stages.Sum(s => s.ChainedModelMs);
        double standaloneModelMs = models.Sum(m => m.RunsPerFrame * m.EdgeMerMs);
        double rawMs = models.Sum(m => m.RunsPerFrame * m.OfficialMs);
        MachineInfo machine = MachineInfo.Read();
        return new PipelineChainReport(
            frames[0].Width,
            frames[0].Height,
            timedFrames,
            warmupFrames,
            faces / perFrame,
            people / perFrame,
            machine.CpuModel,
            machine.CpuFeatures,
            _environment.Runtime.Version,
            $"Microsoft.ML.OnnxRuntime {OfficialOnnxRuntime.Version} (managed API, RunWithBinding)",
            _threads,
            models,
            stages,
            pipelineMs,
            chainedModelMs,
            standaloneModelMs,
            rawMs,
            pipelineMs / rawMs,
            chainedModelMs / standaloneModelMs,
            allocatedPerFrame,
            faceBytes / perFrame,
            bodyBytes / perFrame,
            fusionBytes / perFrame,
            newestTrack - tracksBefore);
    }

    // One input's values as EdgeMer's preprocessing writes them for the model (integers for an int32 input, as floats).
    private static float[] Pixels(ImageView image, ImageRegion region, ModelInputFormat format)
    {
        var values = new float[format.ElementCount];
        var writer = new ModelInputWriter();
        if (format.ElementType == TensorElementType.Int32)
        {
            var integers = new int[format.ElementCount];
            writer.Write(image, region, format, integers);
            for (int i = 0; i < integers.Length; i++)
            {
                values[i] = integers[i];
            }
        }
        else
        {
            writer.Write(image, region, format, values);
        }

        return values;
    }

    private PipelineModelCost Standalone(string model, string stage, long batch, float[] image, double runsPerFrame, int runs, Action<string>? progress)
    {
        progress?.Invoke($"{model} standalone");
        string path = _store.ModelPath(model);
        OfficialOnnxRuntime.Join(_environment);
        using var sides = new OrtModelSides(_environment, path, _threads, batch, image);
        sides.CheckOutputsAgree(model);
        int warmup = Math.Max(1, runs / 10);
        for (int i = 0; i < warmup; i++)
        {
            sides.RunEdgeMerBinding();
            sides.RunOfficialBinding();
        }

        // The two sides take turns in rounds, so drift on a busy machine hits both alike.
        long edgeMer = 0, official = 0;
        int rounds = Math.Min(5, runs), perRound = Math.Max(1, runs / rounds);
        for (int round = 0; round < rounds; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perRound; i++)
            {
                sides.RunEdgeMerBinding();
            }

            edgeMer += Stopwatch.GetTimestamp() - start;
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perRound; i++)
            {
                sides.RunOfficialBinding();
            }

            official += Stopwatch.GetTimestamp() - start;
        }

        int count = rounds * perRound;
        return new PipelineModelCost(model, stage, string.Join("; ", sides.DescribeInputs()), runsPerFrame, Ms(edgeMer) / count, Ms(official) / count);
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
