using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Perception;
using EdgeMer.Perception.Face;
using EdgeMer.Platform;

namespace EdgeMer.Tools.Benchmarks;

/// <summary>
/// The face pipeline per frame of the 640x480 sample clip with three faces, every stage on every
/// frame (the worst case: detector, FaceMesh and Iris, emotion): time in preprocessing, inside ONNX
/// Runtime (<see cref="InferenceBinding.Run"/> of the very runs the pipeline makes) and in
/// postprocessing, the whole frame, and managed bytes allocated per frame; then the preprocessing jobs
/// done by EdgeMer's code and by SkiaSharp. The clip is decoded by ffmpeg before timing starts.
/// </summary>
public sealed class FaceBenchmark
{
    private readonly FaceModels _models;
    private readonly int _intraOpThreads;

    public FaceBenchmark(FaceModels models, int intraOpThreads)
    {
        _models = models;
        _intraOpThreads = intraOpThreads;
    }

    /// <summary>Decodes the clip at <paramref name="path"/> to RGB24 frames with ffmpeg.</summary>
    public static RgbImage[] Decode(string path, int width, int height)
    {
        ReadOnlyMemory<byte> pixels = ExternalProgram.Run("ffmpeg", ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], TimeSpan.FromMinutes(5))
            .EnsureSuccess($"ffmpeg decoding {path}")
            .StandardOutputBytes;
        int frameBytes = width * height * 3;
        if (pixels.Length < frameBytes || pixels.Length % frameBytes != 0)
        {
            throw new InvalidOperationException($"{path} did not decode to whole {width}x{height} RGB frames ({pixels.Length} bytes)");
        }

        var frames = new RgbImage[pixels.Length / frameBytes];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = new RgbImage(width, height);
            pixels.Span.Slice(i * frameBytes, frameBytes).CopyTo(frames[i].Pixels);
        }

        return frames;
    }

    public FaceBenchmarkReport Run(string clip, RgbImage[] frames, int timedFrames, int warmupFrames, Action<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timedFrames, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupFrames);
        var options = new FacePipelineOptions { DetectionInterval = TimeSpan.Zero, EmotionInterval = TimeSpan.Zero };
        using var pipeline = new FacePipeline(_models, options);
        progress?.Invoke($"warming up over {warmupFrames} frames");
        for (int i = 0; i < warmupFrames; i++)
        {
            pipeline.Process(frames[i % frames.Length].View, Time(i), i);
        }

        pipeline.Detection.ResetTiming();
        pipeline.Landmarks.ResetTiming();
        pipeline.Emotion.ResetTiming();
        progress?.Invoke($"timing {timedFrames} frames");
        long total = 0, postprocess = 0, faces = 0;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < timedFrames; i++)
        {
            int n = warmupFrames + i;
            long start = Stopwatch.GetTimestamp();
            FaceFrameResult result = pipeline.Process(frames[n % frames.Length].View, Time(n), n);
            total += Stopwatch.GetTimestamp() - start;
            postprocess += result.PostprocessTicks;
            faces += result.Count;
        }

        double allocatedPerFrame = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)timedFrames;
        StagePhases detect = pipeline.Detection.Total, landmarks = pipeline.Landmarks.Total, emotion = pipeline.Emotion.Total;
        StagePhases all = detect + landmarks + emotion;
        var stages = new List<FaceBenchmarkStage>
        {
            Stage("face.detect", "blazeface-back", detect, timedFrames),
            Stage("face.landmarks", "facemesh, iris", landmarks, timedFrames),
            Stage("face.emotion", "emotion", emotion, timedFrames),
        };
        double preprocessMs = Ms(all.PreprocessTicks) / timedFrames;
        double modelMs = Ms(all.ModelTicks) / timedFrames;
        double postprocessMs = (Ms(all.PostprocessTicks) + Ms(postprocess)) / timedFrames;
        double totalMs = Ms(total) / timedFrames;
        progress?.Invoke("comparing the preprocessing with SkiaSharp");
        IReadOnlyList<PreprocessingComparison> comparisons = ComparePreprocessing(frames[0]);
        MachineInfo machine = MachineInfo.Read();
        return new FaceBenchmarkReport(
            clip,
            frames[0].Width,
            frames[0].Height,
            timedFrames,
            warmupFrames,
            faces / (double)timedFrames,
            machine.CpuModel,
            machine.CpuFeatures,
            SimdPath(),
            InferenceEnvironment.Current.Runtime.Version,
            _intraOpThreads,
            stages,
            preprocessMs,
            modelMs,
            postprocessMs,
            totalMs,
            totalMs / modelMs,
            detect.PreprocessTicks / (double)detect.ModelTicks,
            allocatedPerFrame,
            comparisons);
    }

    /// <summary>Which vector path EdgeMer's preprocessing takes on this machine.</summary>
    public static string SimdPath() =>
        Avx2.IsSupported ? $"Vector256 row blends, AVX2 gathers{(Fma.IsSupported ? " with FMA" : string.Empty)} (Vector512 {(Vector512.IsHardwareAccelerated ? "available, not used" : "not accelerated")})"
        : Vector128.IsHardwareAccelerated ? "Vector128 row blends, scalar gathers"
        : "scalar";

    private IReadOnlyList<PreprocessingComparison> ComparePreprocessing(RgbImage frame)
    {
        ImageView image = frame.View;
        var ours = new ModelInputWriter();
        using var skia = new SkiaModelInputWriter();
        ModelInputFormat detector = _models.Detector.Input, mesh = _models.Mesh.Input, emotion = _models.Emotion.Input;
        float[] detectorBuffer = new float[detector.ElementCount], meshBuffer = new float[mesh.ElementCount], emotionBuffer = new float[emotion.ElementCount];
        ImageRegion face = ImageRegion.FromBox(441, 29, 101, 100);
        ImageRegion turned = new(491, 79, 101, 100, 0.3f);
        return
        [
            Compare("frame 640x480 -> detector 256x256 RGB, -1..1", image, ImageRegion.Whole(image.Width, image.Height), detector, detectorBuffer, ours, skia),
            Compare("face crop -> FaceMesh 192x192 RGB, 0..1", image, face, mesh, meshBuffer, ours, skia),
            Compare("turned face crop (0.3 rad) -> FaceMesh 192x192", image, turned, mesh, meshBuffer, ours, skia),
            Compare("face crop -> emotion 64x64 grey, -1..1", image, face, emotion, emotionBuffer, ours, skia),
        ];
    }

    private static PreprocessingComparison Compare(string job, ImageView image, ImageRegion region, ModelInputFormat format, float[] buffer, ModelInputWriter ours, SkiaModelInputWriter skia)
    {
        const int runs = 200;
        ours.Write(image, region, format, buffer);
        skia.Write(image, region, format, buffer);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < runs; i++)
        {
            ours.Write(image, region, format, buffer);
        }

        double oursUs = Ms(Stopwatch.GetTimestamp() - start) * 1000 / runs;
        start = Stopwatch.GetTimestamp();
        for (int i = 0; i < runs; i++)
        {
            skia.Write(image, region, format, buffer);
        }

        double skiaUs = Ms(Stopwatch.GetTimestamp() - start) * 1000 / runs;
        return new PreprocessingComparison(job, oursUs, skiaUs, oursUs / skiaUs);
    }

    private static FaceBenchmarkStage Stage(string name, string models, StagePhases phases, int frames) =>
        new(name, models, Ms(phases.PreprocessTicks) / frames, Ms(phases.ModelTicks) / frames, Ms(phases.PostprocessTicks) / frames, phases.ModelRuns / (double)frames);

    private static TimeSpan Time(int frame) => TimeSpan.FromMilliseconds(100.0 * frame);

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
