using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Onnx;
using EdgeMer.Perception.Voice;
using EdgeMer.Platform;
using EdgeMer.Quantization.Calibration;
using EdgeMer.Quantization.Graph;
using EdgeMer.Quantization.Measuring;
using EdgeMer.Quantization.Recipes;
using EdgeMer.Quantization.Reports;
using EdgeMer.Quantization.Running;

namespace EdgeMer.Quantization.Dynamic;

/// <summary>
/// Quantizes a voice activity model as a dynamic recipe says (<see cref="DynamicQuantizer"/>), runs
/// fp32 and the variant as the voice pipeline runs the model (<see cref="SileroVoiceActivityModel"/>:
/// frames of 512 new samples behind 64 of context, the recurrent state carried from call to call)
/// over the held-out audio, measures their agreement, times both in this process and profiles them,
/// and returns the report and the variant.
/// </summary>
public sealed class DynamicModelQuantization : ModelVariantBuilder
{
    private readonly AudioInputs _audio;

    public DynamicModelQuantization(InferenceEnvironment environment, AudioInputs audio)
        : base(environment)
    {
        _audio = audio;
    }

    public QuantizationResult Run(QuantizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        QuantizationRecipe recipe = request.Recipe;
        ModelDescription model = request.Model;
        if (recipe.Mode != QuantizationMode.Dynamic)
        {
            throw new QuantizationRecipeException($"{recipe.Source}: this recipe is static; dynamic quantization runs recipes with \"mode\": \"dynamic\"");
        }

        CheckRecipeModel(recipe.Source, recipe.Model, model);
        if (model.Task != ModelTask.VoiceActivity)
        {
            throw new InvalidOperationException($"model '{model.Id}' ({model.Task}): dynamic quantization is measured on voice activity models (held-out audio streams); quantize this model with a static recipe");
        }

        byte[] fp32Bytes = File.ReadAllBytes(request.Fp32Path);
        OnnxModel fp32 = ModelQuantization.QuantizationSource(fp32Bytes, request.Fp32Path);
        DynamicPlan plan = DynamicQuantizer.Plan(fp32, recipe);
        if (plan.Quantized.Count == 0)
        {
            throw new QuantizationRecipeException($"{recipe.Source}: the recipe quantizes no node of model '{model.Id}' (its keepFloat rules keep every {string.Join(", ", recipe.Ops)} node float)");
        }

        byte[] bytes = DynamicQuantizer.Quantize(fp32, plan).ToBytes();
        DynamicPlan? everything = recipe.KeepFloat.Count > 0 ? DynamicQuantizer.Plan(fp32, ModelQuantization.WithoutFloatRules(recipe)) : null;
        byte[]? everythingBytes = everything is null ? null : DynamicQuantizer.Quantize(fp32, everything).ToBytes();

        IReadOnlyList<(string File, float[] Samples)> streams = _audio.Streams();
        InferenceSessionOptions options = SingleThreaded();
        IReadOnlyList<float[]> reference = Probabilities(model, fp32Bytes, "fp32", streams, options);
        var variants = new List<VariantResult> { Measure(model, "int8, dynamic", followsKeepFloat: true, bytes, streams, reference, options) };
        var timed = new List<(string Name, byte[] Bytes)> { ("fp32", fp32Bytes), (variants[0].Name, bytes) };
        if (everythingBytes is not null)
        {
            variants.Add(Measure(model, "int8, dynamic, keepFloat ignored", followsKeepFloat: false, everythingBytes, streams, reference, options));
            timed.Add((variants[1].Name, everythingBytes));
        }

        InputCase frame = VoiceActivityRuns.SpeechFrame(model, streams[0]);
        (IReadOnlyList<LatencyResult> latency, int calls, string loadAverage) = TimeVariants(timed, frame, options);
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (QuantizedNode node in (everything ?? plan).Quantized)
        {
            kinds[node.Name] = node.Kind;
        }

        IReadOnlyList<OperatorTime> fp32Operators = LayerProfile.Measure(Environment, fp32Bytes, model.Id + " fp32 (profiled)", frame, ProfiledRuns, kinds);
        IReadOnlyList<OperatorTime> int8Operators = LayerProfile.Measure(Environment, bytes, model.Id + " int8 (profiled)", frame, ProfiledRuns, kinds);
        int frames = 0;
        foreach (float[] stream in reference)
        {
            frames += stream.Length;
        }

        MachineInfo machine = MachineInfo.Read();
        var report = new QuantizationReport
        {
            Model = model.Id,
            Mode = QuantizationMode.Dynamic,
            Recipe = request.RecipeDisplayPath,
            RecipeDescription = recipe.Description,
            Measured = request.Now,
            Cpu = machine.CpuModel,
            InstructionSet = machine.CpuFeatures,
            LogicalCores = machine.LogicalCores,
            OnnxRuntimeVersion = Environment.Runtime.Version,
            Fp32Bytes = fp32Bytes.Length,
            Fp32Sha256 = ModelStore.Sha256Hex(fp32Bytes),
            Chosen = variants[0],
            Variants = variants,
            Latency = latency,
            TimedCalls = calls,
            LoadAverage = loadAverage,
            ProfiledRuns = ProfiledRuns,
            Fp32Operators = fp32Operators,
            Int8Operators = int8Operators,
            Quantized = plan.Quantized,
            KeptFloat = plan.KeptFloat,
            Activations = plan.Quantized.Count,
            CalibrationInputs = 0,
            CalibrationExample = "none: activations are quantized at run time",
            HeldOutInputs = frames,
            HeldOutExample = $"{streams.Count} streams ({string.Join(", ", streams.Select(s => s.File))}), each from a fresh state",
        };
        return new QuantizationResult(report, bytes);
    }

    /// <summary>
    /// How much each node costs in fidelity: for every node the recipe quantizes, the held-out
    /// fidelity of the recipe's variant with that one node kept float as well.
    /// </summary>
    public IReadOnlyList<NodeSensitivity> Sensitivity(QuantizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        QuantizationRecipe recipe = request.Recipe;
        ModelDescription model = request.Model;
        byte[] fp32Bytes = File.ReadAllBytes(request.Fp32Path);
        OnnxModel fp32 = OnnxModel.FromBytes(fp32Bytes, request.Fp32Path);
        DynamicPlan plan = DynamicQuantizer.Plan(fp32, recipe);
        IReadOnlyList<(string File, float[] Samples)> streams = _audio.Streams();
        InferenceSessionOptions options = SingleThreaded();
        IReadOnlyList<float[]> reference = Probabilities(model, fp32Bytes, "fp32", streams, options);
        var results = new List<NodeSensitivity>();
        foreach (QuantizedNode node in plan.Quantized)
        {
            var rules = new List<FloatRule>(recipe.KeepFloat) { new(node.Name, null, "sensitivity") };
            QuantizationRecipe single = ModelQuantization.With(recipe, rules);
            byte[] bytes = DynamicQuantizer.Quantize(fp32, DynamicQuantizer.Plan(fp32, single)).ToBytes();
            VariantResult variant = Measure(model, node.Name, followsKeepFloat: true, bytes, streams, reference, options);
            results.Add(new NodeSensitivity(node.Name, node.Kind, variant.Fidelity));
        }

        return results;
    }

    private VariantResult Measure(ModelDescription model, string name, bool followsKeepFloat, byte[] bytes, IReadOnlyList<(string File, float[] Samples)> streams, IReadOnlyList<float[]> reference, InferenceSessionOptions options)
    {
        IReadOnlyList<float[]> candidate = Probabilities(model, bytes, name, streams, options);
        return new VariantResult(name, CalibrationMethod.MinMax, followsKeepFloat, bytes.Length, ModelStore.Sha256Hex(bytes), FileComposition.Of(bytes), VoiceActivityFidelity.Measure(reference, candidate));
    }

    private List<float[]> Probabilities(ModelDescription model, byte[] bytes, string name, IReadOnlyList<(string File, float[] Samples)> streams, InferenceSessionOptions options) =>
        VoiceActivityRuns.Probabilities(Environment, model, bytes, name, streams, options);
}
