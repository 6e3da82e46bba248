using System.Diagnostics;
using EdgeMer.Platform;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using Official = Microsoft.ML.OnnxRuntime;

namespace EdgeMer.Tools.Benchmarks;

/// <summary>
/// EdgeMer's binding next to the official managed ONNX Runtime API (Microsoft.ML.OnnxRuntime), like
/// for like: the same model file, the same native library (the official API is resolved to the one
/// EdgeMer loaded), one process, one timing thread, the same session settings (1 intra-op and 1
/// inter-op thread, sequential, full graph optimisation, CPU arena and memory pattern on), the same
/// input values. Each model is run four ways: each side's pre-bound path (EdgeMer's
/// <see cref="InferenceBinding"/>, the official OrtIoBinding) and each side's allocating Run. Identity
/// models show the per-call cost of getting in and out of ONNX Runtime; catalog models show it
/// against real work. Before timing, the four paths' outputs are checked to be identical.
/// </summary>
public sealed class OrtOverheadBenchmark
{
    /// <summary>The identity models' shapes: a small tensor (per-call cost dominates) and an image-sized one.</summary>
    public static IReadOnlyList<long[]> IdentityShapes { get; } = [[1, 16], [1, 3, 224, 224]];

    /// <summary>The catalog models measured: the face emotion classifier and the face detector (float32 inputs).</summary>
    public static IReadOnlyList<string> CatalogModels { get; } = ["emotion", "blazeface-back"];

    /// <summary>Each path's timed calls are split into this many rounds, the paths taking turns, so drift on a busy machine hits all alike.</summary>
    public const int Rounds = 5;

    private const int Threads = 1;

    private const string EdgeMerBindingTimes =
        "InferenceBinding.Run(): input and output PinnedTensors over arrays on the pinned object heap, bound once; each call is one RunWithBinding writing into the bound outputs";

    private const string OfficialBindingTimes =
        "InferenceSession.RunWithBinding(runOptions, ioBinding): an OrtIoBinding whose input and output OrtValues wrap arrays on the pinned object heap, bound once; each call runs into the bound outputs";

    private const string EdgeMerRunTimes =
        "InferenceSession.Run(inputs): each call binds the given PinnedTensors anew, ONNX Runtime allocates the outputs, each is copied into a new managed array and released";

    private const string OfficialRunTimes =
        "InferenceSession.Run(runOptions, inputNames, inputOrtValues, outputNames): ONNX Runtime allocates the outputs, each is copied into a new managed array (GetTensorDataAsSpan().ToArray()), then the outputs are disposed";

    private readonly InferenceEnvironment _environment;
    private readonly string _modelStore;

    /// <summary>Benchmarks in <paramref name="environment"/>, taking catalog models from the built store at <paramref name="modelStore"/>.</summary>
    public OrtOverheadBenchmark(InferenceEnvironment environment, string modelStore)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrEmpty(modelStore);
        _environment = environment;
        _modelStore = modelStore;
    }

    /// <summary>
    /// Measures the identity models with <paramref name="iterations"/> timed calls per path and the catalog
    /// models with <paramref name="modelIterations"/>; <paramref name="progress"/> hears what is being measured.
    /// </summary>
    public OrtBenchmarkReport Run(int iterations, int modelIterations, int warmup, Action<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(modelIterations, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        OfficialOnnxRuntime.Join(_environment);
        var cases = new List<OrtBenchmarkCase>();
        var skipped = new List<string>();
        string folder = Directory.CreateTempSubdirectory("edgemer-bench-ort-").FullName;
        try
        {
            foreach (long[] shape in IdentityShapes)
            {
                string model = $"identity {string.Join('x', shape)} float32";
                string path = Path.Combine(folder, $"identity-{string.Join('x', shape)}.onnx");
                IdentityModel.Save(path, shape);
                progress?.Invoke(model);
                cases.Add(Measure(model, path, iterations, warmup));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var store = new ModelStore(_modelStore);
        foreach (string id in CatalogModels)
        {
            if (store.Find(id) is not { } built)
            {
                skipped.Add($"{id}: not built in {_modelStore}; run 'edgemer models fetch'");
                continue;
            }

            progress?.Invoke($"{id} (catalog)");
            cases.Add(Measure($"{id} (catalog)", Path.Combine(store.Folder, built.File), modelIterations, Math.Min(warmup, modelIterations)));
        }

        OnnxRuntimeInfo runtime = _environment.Runtime;
        MachineInfo machine = MachineInfo.Read();
        return new OrtBenchmarkReport(
            runtime.Version,
            runtime.ApiVersion,
            runtime.LibraryPath,
            $"Microsoft.ML.OnnxRuntime {OfficialOnnxRuntime.Version} (managed API)",
            machine.CpuModel,
            machine.CpuFeatures,
            Threads,
            Rounds,
            warmup,
            cases,
            skipped);
    }

    private OrtBenchmarkCase Measure(string model, string path, int iterations, int warmup)
    {
        using var side = new OrtModelSides(_environment, path, Threads);
        side.CheckOutputsAgree(model);
        Span<(string Name, Action Call)> paths =
        [
            ("EdgeMer InferenceBinding.Run", side.RunEdgeMerBinding),
            ("official RunWithBinding", side.RunOfficialBinding),
            ("EdgeMer InferenceSession.Run", side.RunEdgeMerAllocating),
            ("official Run", side.RunOfficialAllocating),
        ];

        for (int p = 0; p < paths.Length; p++)
        {
            for (int i = 0; i < warmup; i++)
            {
                paths[p].Call();
            }
        }

        int perRound = Math.Max(1, iterations / Rounds);
        int total = perRound * Rounds;
        double[] allocatedPerRun = new double[paths.Length];
        for (int p = 0; p < paths.Length; p++)
        {
            allocatedPerRun[p] = AllocatedPerCall(paths[p].Call, perRound);
        }

        long[][] ticks = [new long[total], new long[total], new long[total], new long[total]];
        for (int round = 0; round < Rounds; round++)
        {
            for (int turn = 0; turn < paths.Length; turn++)
            {
                int p = (round + turn) % paths.Length;
                Time(paths[p].Call, ticks[p].AsSpan(round * perRound, perRound));
            }
        }

        var edgeMerBinding = Summarize(paths[0].Name, EdgeMerBindingTimes, ticks[0], allocatedPerRun[0]);
        var officialBinding = Summarize(paths[1].Name, OfficialBindingTimes, ticks[1], allocatedPerRun[1]);
        var edgeMerRun = Summarize(paths[2].Name, EdgeMerRunTimes, ticks[2], allocatedPerRun[2]);
        var officialRun = Summarize(paths[3].Name, OfficialRunTimes, ticks[3], allocatedPerRun[3]);
        return new OrtBenchmarkCase(
            model,
            side.DescribeInputs(),
            total,
            edgeMerBinding,
            officialBinding,
            edgeMerRun,
            officialRun,
            LatencyRatio.Of(edgeMerBinding.Latency, officialBinding.Latency),
            LatencyRatio.Of(edgeMerRun.Latency, officialRun.Latency));
    }

    private static void Time(Action call, Span<long> ticks)
    {
        for (int i = 0; i < ticks.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
    }

    // Counted apart from the timing, after a full collection: a collection that starts during a count
    // books the unused rest of this thread's allocation buffer to it, which would show as a few bytes
    // per call on a path that allocates nothing.
    private static double AllocatedPerCall(Action call, int calls)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++)
        {
            call();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
    }

    private static OrtBenchmarkPath Summarize(string name, string times, long[] ticks, double allocatedPerRun) =>
        new(name, times, LatencySummary.FromStopwatchTicks(ticks), allocatedPerRun);
}
