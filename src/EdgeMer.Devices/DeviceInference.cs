using System.Text.Json.Serialization;

namespace EdgeMer.Devices;

/// <summary>How models run on this device.</summary>
public sealed record DeviceInference
{
    /// <summary>Execution providers in order of preference; the runtime falls back along the list and finally to CPU.</summary>
    public required IReadOnlyList<string> Providers { get; init; }

    /// <summary>
    /// The ONNX Runtime the providers need (<see cref="DeviceOnnxRuntimes"/>): <c>bundled</c>, the CPU build
    /// published beside edgemer (CPU only); <c>bundled-gpu</c>, the CUDA/TensorRT build of
    /// <c>./build.sh publish --gpu</c> (linux-x64); <c>device</c>, the device's own runtime named by
    /// <c>EDGEMER_ORT_LIB</c> (JetPack's, for example).
    /// </summary>
    public string OnnxRuntime { get; init; } = DeviceOnnxRuntimes.Bundled;

    /// <summary>Threads one operator may use.</summary>
    public required int IntraOpThreads { get; init; }

    /// <summary>Threads used to run independent operators in parallel.</summary>
    public required int InterOpThreads { get; init; }

    /// <summary>Whether all models share one process-wide thread pool instead of one pool per session.</summary>
    public bool GlobalThreadPools { get; init; }

    /// <summary>
    /// Which built variant of a model this device runs, by model id (<c>{ "emotion": "int8" }</c>):
    /// <c>fp32</c>, <c>int8</c> or <c>pruned</c>. A model not named runs fp32. The variant must be
    /// available in the model's manifest, which records its sha256.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ModelVariants { get; init; }

    /// <summary>The variant this device runs of <paramref name="modelId"/>: the one <see cref="ModelVariants"/> names, else <c>fp32</c>.</summary>
    public string VariantOf(string modelId) => ModelVariants is not null && ModelVariants.TryGetValue(modelId, out string? variant) ? variant : "fp32";

    /// <summary>
    /// The variants the degradation ladder's lighter-models rung switches to, by model id
    /// (<c>{ "emotion": "int8" }</c>): when lower rates do not bring the latency inside the budget,
    /// the running stages take these between frames, and take <see cref="ModelVariants"/>' again once
    /// the ladder climbs back above the rung. Null or empty: the device has no such rung. Each must be
    /// available in the model's manifest and built into the store, like a <see cref="ModelVariants"/> choice.
    /// </summary>
    public IReadOnlyDictionary<string, string>? LighterVariants { get; init; }

    /// <summary>The variant this device runs of <paramref name="modelId"/> on the lighter-models rung: the one <see cref="LighterVariants"/> names, else <see cref="VariantOf"/>'s.</summary>
    public string LighterVariantOf(string modelId) => LighterVariants is not null && LighterVariants.TryGetValue(modelId, out string? variant) ? variant : VariantOf(modelId);

    /// <summary>
    /// The pose model of the body pipeline, by catalog id (<see cref="BodyPoseModels"/>):
    /// <c>movenet-lightning</c> (the default: one person, fastest, cropped from the previous frame),
    /// <c>movenet-multipose</c> (up to six people with boxes) or <c>blazepose-lite</c> (one person with
    /// heels and toes, for gait); null when the profile names none. Its variant comes from
    /// <see cref="ModelVariants"/> like any model's.
    /// </summary>
    public string? BodyPoseModel { get; init; }

    /// <summary>The body pose model this device runs: the one <see cref="BodyPoseModel"/> names, else <see cref="DefaultBodyPoseModel"/>.</summary>
    [JsonIgnore]
    public string BodyPoseModelId => BodyPoseModel ?? DefaultBodyPoseModel;

    /// <summary>The body pose model a profile that names none runs.</summary>
    public const string DefaultBodyPoseModel = "movenet-lightning";

    /// <summary>The pose models <see cref="BodyPoseModel"/> may name.</summary>
    public static IReadOnlyList<string> BodyPoseModels { get; } = ["movenet-lightning", "movenet-multipose", "blazepose-lite"];

    public TensorRtSettings? TensorRt { get; init; }

    public CudaSettings? Cuda { get; init; }
}
