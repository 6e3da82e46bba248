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
/// the face its head is in, and each observation handed to the fuser. Then each of its models alone, in
/// sessions of its own with the same settings, through EdgeMer's binding and through the official managed
/// API (the raw ONNX Runtime run), fed the very inputs EdgeMer's preprocessing wrote for it on the last
/// warm-up frame (the resized frame, each face's crop, each face's two eyes, the body's crop), so both
/// sides do the same work on real pixels. The pipeline's frames and the standalone runs take turns in
/// rounds, so that drift on a busy machine hits both alike. From one run: the pipeline's time per frame
/// over the raw runs its models make per frame, the models' time inside the pipeline over the same runs
/// standalone, and managed bytes per frame.
/// </summary>
public sealed class PipelineBenchmark
{
    private readonly InferenceEnvironment _environment;
    private readonly FaceModels _face;
    private readonly PoseModel _pose;
    private readonly ModelStore _store;
    private readonly int _threads;

    /// <summary>How many turns the pipeline and the standalone runs take.</summary>
    private const int Rounds = 5;

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
        // The standalone runs are fed what the pipeline wrote on the last warm-up frame.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(warmupFrames);
        ArgumentOutOfRangeException.ThrowIfLessThan(standaloneRuns, 1);
        using var face = new FacePipeline(_face, new FacePipelineOptions { DetectionInterval = TimeSpan.Zero, EmotionInterval = TimeSpan.Zero });
        using var body = new BodyPipeline(_pose);
        var fuser = new Fuser(new FusionOptions { Purpose = Purpose.Research });
        var matcher = new FaceBodyMatcher(face.Options.MaxFaces);
        StagePhases pose = default;
        long meshRuns = 0, irisRuns = 0, faces = 0, people = 0, faceFollowTicks = 0;

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
                faceFollowTicks += result.PostprocessTicks;
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

        // Each model standalone, fed the inputs EdgeMer's preprocessing wrote for it on the last warm-up frame.
        using StandaloneModels standalone = OpenStandalone(frames[(warmupFrames - 1) % frames.Length], face, body, progress);
        standalone.WarmUp(Math.Max(1, standaloneRuns / 10));
        // One more untimed frame: the first frame after the standalone sessions opened allocated once
        // (248 bytes, while building a face observation), which is not the steady state being measured.
        Frame(warmupFrames, timed: false);

        face.Detection.ResetTiming();
        face.Landmarks.ResetTiming();
        face.Emotion.ResetTiming();
        progress?.Invoke($"timing {timedFrames} frames of the whole pipeline and {standaloneRuns} runs of each model standalone, in {Rounds} rounds taking turns");
        long total = 0;
        int tracksBefore = newestTrack;
        long allocated = 0;
        int frame = 0;
        for (int round = 0; round < Rounds; round++)
        {
            // The pipeline and the standalone runs take turns, so drift on a busy machine hits both alike.
            int frameEnd = timedFrames * (round + 1) / Rounds;
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            for (; frame < frameEnd; frame++)
            {
                long start = Stopwatch.GetTimestamp();
                Frame(warmupFrames + 1 + frame, timed: true);
                total += Stopwatch.GetTimestamp() - start;
            }

            allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            standalone.Run(standaloneRuns * (round + 1) / Rounds - (standaloneRuns * round / Rounds));
        }

        double allocatedPerFrame = allocated / (double)timedFrames;
        double perFrame = timedFrames;
        StagePhases detect = face.Detection.Total, landmarks = face.Landmarks.Total, emotion = face.Emotion.Total;
        var models = new List<PipelineModelCost>
        {
            standalone.Cost(FaceModels.DetectorId, detect.ModelRuns / perFrame),
            standalone.Cost(FaceModels.MeshId, meshRuns / perFrame),
            standalone.Cost(FaceModels.IrisId, irisRuns / perFrame),
            standalone.Cost(FaceModels.EmotionId, emotion.ModelRuns / perFrame),
            standalone.Cost(_pose.Description.Id, pose.ModelRuns / perFrame),
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
        StagePhases all = detect + landmarks + emotion + pose;
        double preprocessMs = Ms(all.PreprocessTicks) / perFrame;
        double postprocessMs = Ms(all.PostprocessTicks + faceFollowTicks) / perFrame;
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
            preprocessMs,
            postprocessMs,
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

    // The inputs each model gets in the pipeline, written from `image` by the stages' own preprocessing:
    // the detector's resized frame, each face's mesh crop, each refined face's two eyes (the left one
    // mirrored), each face's emotion crop, and the body's crop.
    private StandaloneModels OpenStandalone(RgbImage frame, FacePipeline face, BodyPipeline body, Action<string>? progress)
    {
        int width = frame.Width, height = frame.Height;
        FaceResultRegions(face, out List<ImageRegion> faces, out List<(ImageRegion Right, ImageRegion Left)> eyes);
        int meshSize = _face.Mesh.Input.Width;
        List<float[]> meshInputs = [.. faces.Select(f => Pixels(frame.View, CropSampling.Cropped(f, width, height, meshSize), _face.Mesh.Input))];
        List<float[]> eyeInputs = [.. eyes.Select(e => (float[])[.. Pixels(frame.View, e.Right, _face.Iris.Input), .. Pixels(frame.View, e.Left, _face.Iris.Input)])];
        List<float[]> emotionInputs =
        [
            .. faces.Select(f => Pixels(frame.View, CropSampling.Subsampled(CropSampling.Cropped(f, width, height, meshSize), meshSize, _face.Emotion.Input.Width), _face.Emotion.Input)),
        ];
        ImageRegion whole = ImageRegion.Whole(width, height);
        if (meshInputs.Count == 0)
        {
            // A frame without faces: the face models read the whole frame, so they are still timed on real pixels.
            meshInputs.Add(Pixels(frame.View, whole, _face.Mesh.Input));
            emotionInputs.Add(Pixels(frame.View, whole, _face.Emotion.Input));
        }

        if (eyeInputs.Count == 0)
        {
            eyeInputs.Add(Pixels(frame.View, whole, _face.Iris.Input));
        }

        var models = new StandaloneModels(progress);
        try
        {
            models.Open(_environment, _store, _threads, FaceModels.DetectorId, "face.detect", 1, [Pixels(frame.View, CropSampling.Resized(width, height, _face.Detector.Input.Width), _face.Detector.Input)]);
            models.Open(_environment, _store, _threads, FaceModels.MeshId, "face.landmarks", 1, meshInputs);
            models.Open(_environment, _store, _threads, FaceModels.IrisId, "face.landmarks", 2, eyeInputs);
            models.Open(_environment, _store, _threads, FaceModels.EmotionId, "face.emotion", 1, emotionInputs);
            models.Open(_environment, _store, _threads, _pose.Description.Id, "body.pose", 1, [Pixels(frame.View, body.LastRegion, _pose.Input)]);
            return models;
        }
        catch
        {
            models.Dispose();
            throw;
        }
    }

    // The last frame's face regions, and the eye regions of those whose landmarks were refined.
    private static void FaceResultRegions(FacePipeline face, out List<ImageRegion> faces, out List<(ImageRegion Right, ImageRegion Left)> eyes)
    {
        faces = [];
        eyes = [];
        FaceLandmarks landmarks = face.LastLandmarks;
        for (int i = 0; i < landmarks.Count; i++)
        {
            ImageRegion region = landmarks.Region(i);
            faces.Add(region);
            if (landmarks.IsValid(i))
            {
                ReadOnlySpan<float> points = landmarks.Points(i);
                eyes.Add((FaceLandmarker.EyeRegion(points, 33, 133, region.Angle, mirrored: false), FaceLandmarker.EyeRegion(points, 263, 362, region.Angle, mirrored: true)));
            }
        }
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
