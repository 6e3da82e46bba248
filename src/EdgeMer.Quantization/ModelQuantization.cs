using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Onnx;
using EdgeMer.Platform;
using EdgeMer.Quantization.Calibration;
using EdgeMer.Quantization.Graph;
using EdgeMer.Quantization.Measuring;
using EdgeMer.Quantization.Recipes;
using EdgeMer.Quantization.Reports;
using EdgeMer.Quantization.Running;

namespace EdgeMer.Quantization;

/// <summary>
/// Quantizes one catalog model as its recipe says: plans the nodes, calibrates the activations on
/// real calibration inputs, builds the INT8 variant (and, for comparison, the other calibrators'
/// variants and one that ignores the recipe's keepFloat rules), measures each against fp32 on
/// held-out inputs, and times fp32 and INT8 in this process. Returns the report and the recipe's variant.
/// </summary>
public sealed class ModelQuantization : ModelVariantBuilder
{
    private readonly CalibrationInputs _inputs;

    public ModelQuantization(InferenceEnvironment environment, CalibrationInputs inputs)
        : base(environment)
    {
        _inputs = inputs;
    }

    public QuantizationResult Run(QuantizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        QuantizationRecipe recipe = request.Recipe;
        ModelDescription model = request.Model;
        CheckRecipeModel(recipe.Source, recipe.Model, model);
        byte[] fp32Bytes = File.ReadAllBytes(request.Fp32Path);
        OnnxModel fp32 = QuantizationSource(fp32Bytes, request.Fp32Path);
        QuantizationPlan plan = QuantizationPlan.For(fp32, recipe);
        QuantizationPlan? everything = recipe.KeepFloat.Count > 0 ? QuantizationPlan.For(fp32, WithoutFloatRules(recipe)) : null;
        (IReadOnlyList<InputCase> calibration, IReadOnlyList<InputCase> heldOut) = _inputs.For(model);

        var tensors = new List<string>(plan.Activations);
        foreach (string tensor in everything?.Activations ?? [])
        {
            if (!tensors.Contains(tensor))
            {
                tensors.Add(tensor);
            }
        }

        IReadOnlyDictionary<string, ActivationObserver> observers = ActivationCalibration.Observe(Environment, fp32, tensors, calibration);
        string[] outputs = OutputNames(model);
        InferenceSessionOptions options = SingleThreaded();
        List<float[][]> reference = RunFloats(fp32Bytes, model.Id + " fp32", outputs, heldOut, options);

        var methods = new List<CalibrationMethod> { recipe.Method };
        if (recipe.Compare)
        {
            foreach (CalibrationMethod method in Enum.GetValues<CalibrationMethod>())
            {
                if (method != recipe.Method)
                {
                    methods.Add(method);
                }
            }
        }

        var variants = new List<VariantResult>();
        byte[]? chosenBytes = null;
        byte[]? everythingBytes = null;
        foreach (CalibrationMethod method in methods)
        {
            Dictionary<string, QuantizationParameters> parameters = ActivationCalibration.Parameters(observers, method, recipe.Percentile);
            byte[] bytes = QdqQuantizer.Quantize(fp32, plan, parameters).ToBytes();
            variants.Add(Measure($"int8, {CalibrationMethods.Name(method)}", method, followsKeepFloat: true, bytes, model, outputs, heldOut, reference, options));
            chosenBytes ??= bytes;
            if (everything is not null && method == recipe.Method)
            {
                everythingBytes = QdqQuantizer.Quantize(fp32, everything, parameters).ToBytes();
                variants.Add(Measure($"int8, {CalibrationMethods.Name(method)}, keepFloat ignored", method, followsKeepFloat: false, everythingBytes, model, outputs, heldOut, reference, options));
            }
        }

        // A node the recipe keeps float must run in float: a variant that says otherwise is not written.
        IReadOnlyList<string> notFloat = KeptFloatCheck.Problems(Environment, chosenBytes!, model.Id + " int8 (optimized graph)", plan.KeptFloat);
        if (notFloat.Count > 0)
        {
            throw new UnsupportedGraphException($"{recipe.Source}: keepFloat does not hold in ONNX Runtime {Environment.Runtime.Version}: {string.Join("; ", notFloat)}");
        }

        var timed = new List<(string Name, byte[] Bytes)> { ("fp32", fp32Bytes), (variants[0].Name, chosenBytes!) };
        if (everythingBytes is not null)
        {
            timed.Add(($"int8, {CalibrationMethods.Name(recipe.Method)}, keepFloat ignored", everythingBytes));
        }

        (IReadOnlyList<LatencyResult> latency, int calls, string loadAverage) = TimeVariants(timed, heldOut[0], options);
        Dictionary<string, string> kinds = NodeKinds(everything ?? plan);
        IReadOnlyList<OperatorTime> fp32Operators = LayerProfile.Measure(Environment, fp32Bytes, model.Id + " fp32 (profiled)", heldOut[0], ProfiledRuns, kinds);
        IReadOnlyList<OperatorTime> int8Operators = LayerProfile.Measure(Environment, chosenBytes!, model.Id + " int8 (profiled)", heldOut[0], ProfiledRuns, kinds);
        MachineInfo machine = MachineInfo.Read();
        var report = new QuantizationReport
        {
            Model = model.Id,
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
            Activations = plan.Activations.Count,
            CalibrationInputs = calibration.Count,
            CalibrationExample = calibration[0].Description,
            HeldOutInputs = heldOut.Count,
            HeldOutExample = heldOut[^1].Description,
        };
        return new QuantizationResult(report, chosenBytes!);
    }

    /// <summary>
    /// How much each node costs in fidelity: for every node the recipe quantizes, the held-out
    /// fidelity of the recipe's variant with that one node kept float as well. A node whose
    /// float copy lifts the figures most is the one a recipe should consider keeping float.
    /// </summary>
    public IReadOnlyList<NodeSensitivity> Sensitivity(QuantizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        QuantizationRecipe recipe = request.Recipe;
        ModelDescription model = request.Model;
        byte[] fp32Bytes = File.ReadAllBytes(request.Fp32Path);
        OnnxModel fp32 = OnnxModel.FromBytes(fp32Bytes, request.Fp32Path);
        QuantizationPlan plan = QuantizationPlan.For(fp32, recipe);
        (IReadOnlyList<InputCase> calibration, IReadOnlyList<InputCase> heldOut) = _inputs.For(model);
        IReadOnlyDictionary<string, ActivationObserver> observers = ActivationCalibration.Observe(Environment, fp32, plan.Activations, calibration);
        Dictionary<string, QuantizationParameters> parameters = ActivationCalibration.Parameters(observers, recipe.Method, recipe.Percentile);
        string[] outputs = OutputNames(model);
        InferenceSessionOptions options = SingleThreaded();
        List<float[][]> reference = RunFloats(fp32Bytes, model.Id + " fp32", outputs, heldOut, options);

        var results = new List<NodeSensitivity>();
        foreach (QuantizedNode node in plan.Quantized)
        {
            var rules = new List<FloatRule>(recipe.KeepFloat) { new(node.Name, null, "sensitivity") };
            QuantizationRecipe single = With(recipe, rules);
            byte[] bytes = QdqQuantizer.Quantize(fp32, QuantizationPlan.For(fp32, single), parameters).ToBytes();
            VariantResult variant = Measure(node.Name, recipe.Method, followsKeepFloat: true, bytes, model, outputs, heldOut, reference, options);
            results.Add(new NodeSensitivity(node.Name, node.Kind, variant.Fidelity));
        }

        return results;
    }

    private VariantResult Measure(
        string name,
        CalibrationMethod method,
        bool followsKeepFloat,
        byte[] bytes,
        ModelDescription model,
        string[] outputs,
        IReadOnlyList<InputCase> heldOut,
        List<float[][]> reference,
        InferenceSessionOptions options)
    {
        List<float[][]> candidate = RunFloats(bytes, $"{model.Id} {name}", outputs, heldOut, options);
        IReadOnlyList<FidelityFigure> fidelity = Fidelity.Measure(model, outputs, reference, candidate);
        return new VariantResult(name, method, followsKeepFloat, bytes.Length, ModelStore.Sha256Hex(bytes), FileComposition.Of(bytes), fidelity);
    }

    /// <summary>The fp32 model as the INT8 variants (static and dynamic) are built from it.</summary>
    internal static OnnxModel QuantizationSource(byte[] bytes, string path) => VariantSource(bytes, path, "EdgeMer quantization", "int8");

    /// <summary>The kind of every node a plan quantizes or keeps float, by name (to tell depthwise from dense convolutions in the profile).</summary>
    private static Dictionary<string, string> NodeKinds(QuantizationPlan plan)
    {
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (QuantizedNode node in plan.Quantized)
        {
            kinds[node.Name] = node.Kind;
        }

        foreach (FloatNode node in plan.KeptFloat)
        {
            kinds[node.Name] = node.Kind;
        }

        return kinds;
    }

    internal static QuantizationRecipe WithoutFloatRules(QuantizationRecipe recipe) => With(recipe, []);

    /// <summary>The recipe with other keepFloat rules and without the comparison variants.</summary>
    internal static QuantizationRecipe With(QuantizationRecipe recipe, IReadOnlyList<FloatRule> rules) => new()
    {
        Model = recipe.Model,
        Description = recipe.Description,
        Ops = recipe.Ops,
        Method = recipe.Method,
        Percentile = recipe.Percentile,
        Compare = false,
        KeepFloat = rules,
        Mode = recipe.Mode,
        Source = recipe.Source,
    };
}
