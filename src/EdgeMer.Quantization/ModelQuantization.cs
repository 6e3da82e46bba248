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
public sealed class ModelQuantization
{
    private readonly InferenceEnvironment _environment;

    private readonly CalibrationInputs _inputs;

    public ModelQuantization(InferenceEnvironment environment, CalibrationInputs inputs)
    {
        _environment = environment;
        _inputs = inputs;
    }

    /// <summary>How many timed calls each variant gets (at least 50, at most 2,000, about 3 s of fp32).</summary>
    public TimeSpan TimingBudget { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How many runs ONNX Runtime's profiler times per variant for the per-operator table.</summary>
    public int ProfiledRuns { get; init; } = 30;

    public QuantizationResult Run(QuantizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        QuantizationRecipe recipe = request.Recipe;
        ModelDescription model = request.Model;
        if (recipe.Model != model.Id)
        {
            throw new QuantizationRecipeException($"{recipe.Source}: 'model' is '{recipe.Model}', but it is applied to model '{model.Id}'");
        }

        byte[] fp32Bytes = File.ReadAllBytes(request.Fp32Path);
        OnnxModel fp32 = VariantSource(fp32Bytes, request.Fp32Path);
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

        IReadOnlyDictionary<string, ActivationObserver> observers = ActivationCalibration.Observe(_environment, fp32, tensors, calibration);
        string[] outputs = OutputNames(model);
        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        using InferenceSession fp32Session = InferenceSession.Load(_environment, fp32Bytes, model.Id + " fp32", options);
        var reference = new List<float[][]>(heldOut.Count);
        foreach (InputCase input in heldOut)
        {
            reference.Add(SessionRuns.RunFloats(fp32Session, input, outputs));
        }

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

        var timed = new List<(string Name, byte[] Bytes)> { ("fp32", fp32Bytes), (variants[0].Name, chosenBytes!) };
        if (everythingBytes is not null)
        {
            timed.Add(($"int8, {CalibrationMethods.Name(recipe.Method)}, keepFloat ignored", everythingBytes));
        }

        string loadBefore = LoadAverage();
        (IReadOnlyList<LatencyResult> latency, int calls) = Time(_environment, TimingBudget, timed, heldOut[0], options);
        string loadAfter = LoadAverage();
        Dictionary<string, string> kinds = NodeKinds(everything ?? plan);
        IReadOnlyList<OperatorTime> fp32Operators = LayerProfile.Measure(_environment, fp32Bytes, model.Id + " fp32 (profiled)", heldOut[0], ProfiledRuns, kinds);
        IReadOnlyList<OperatorTime> int8Operators = LayerProfile.Measure(_environment, chosenBytes!, model.Id + " int8 (profiled)", heldOut[0], ProfiledRuns, kinds);
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
            OnnxRuntimeVersion = _environment.Runtime.Version,
            Fp32Bytes = fp32Bytes.Length,
            Fp32Sha256 = ModelStore.Sha256Hex(fp32Bytes),
            Chosen = variants[0],
            Variants = variants,
            Latency = latency,
            TimedCalls = calls,
            LoadAverage = $"{loadBefore} before timing, {loadAfter} after",
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
        IReadOnlyDictionary<string, ActivationObserver> observers = ActivationCalibration.Observe(_environment, fp32, plan.Activations, calibration);
        Dictionary<string, QuantizationParameters> parameters = ActivationCalibration.Parameters(observers, recipe.Method, recipe.Percentile);
        string[] outputs = OutputNames(model);
        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        var reference = new List<float[][]>(heldOut.Count);
        using (InferenceSession fp32Session = InferenceSession.Load(_environment, fp32Bytes, model.Id + " fp32", options))
        {
            foreach (InputCase input in heldOut)
            {
                reference.Add(SessionRuns.RunFloats(fp32Session, input, outputs));
            }
        }

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
        using InferenceSession session = InferenceSession.Load(_environment, bytes, $"{model.Id} {name}", options);
        var candidate = new List<float[][]>(heldOut.Count);
        foreach (InputCase input in heldOut)
        {
            candidate.Add(SessionRuns.RunFloats(session, input, outputs));
        }

        IReadOnlyList<FidelityFigure> fidelity = Fidelity.Measure(model, outputs, reference, candidate);
        return new VariantResult(name, method, followsKeepFloat, bytes.Length, ModelStore.Sha256Hex(bytes), FileComposition.Of(bytes), fidelity);
    }

    internal static (IReadOnlyList<LatencyResult>, int) Time(InferenceEnvironment environment, TimeSpan budget, List<(string Name, byte[] Bytes)> variants, InputCase input, InferenceSessionOptions options)
    {
        var sessions = new List<InferenceSession>();
        try
        {
            foreach ((string name, byte[] bytes) in variants)
            {
                sessions.Add(InferenceSession.Load(environment, bytes, name, options));
            }

            // A short probe sizes the run: about the budget's worth of fp32 calls.
            double probe = LatencyComparison.MedianMicroseconds([sessions[0]], input, 10)[0];
            int calls = (int)Math.Clamp(budget.TotalMicroseconds / Math.Max(probe, 1), 50, 2000);
            double[] medians = LatencyComparison.MedianMicroseconds(sessions, input, calls);
            var results = new List<LatencyResult>(variants.Count);
            for (int i = 0; i < variants.Count; i++)
            {
                results.Add(new LatencyResult(variants[i].Name, medians[i], medians[0] / medians[i]));
            }

            return (results, calls / 5 * 5);
        }
        finally
        {
            foreach (InferenceSession session in sessions)
            {
                session.Dispose();
            }
        }
    }

    /// <summary>
    /// The fp32 model as the INT8 variants are built from it: without the importer's version stamp
    /// (metadata and producer version), which changes whenever the importer is rebuilt although the
    /// graph and weights do not, so that the variant's sha256 in the manifest stays valid.
    /// </summary>
    internal static OnnxModel VariantSource(byte[] bytes, string path)
    {
        OnnxModel model = OnnxModel.FromBytes(bytes, path);
        for (int i = model.Proto.MetadataProps.Count - 1; i >= 0; i--)
        {
            if (model.Proto.MetadataProps[i].Key == "edgemer.converter_version")
            {
                model.Proto.MetadataProps.RemoveAt(i);
            }
        }

        model.ProducerName = "EdgeMer quantization";
        model.ProducerVersion = string.Empty;
        model.SetMetadata("edgemer.variant", "int8");
        return model;
    }

    /// <summary>The machine's 1-, 5- and 15-minute load averages (Linux), to judge how far other work may have moved the timings.</summary>
    internal static string LoadAverage()
    {
        try
        {
            string[] parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

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

    /// <summary>The model's float outputs, in manifest order.</summary>
    internal static string[] OutputNames(ModelDescription model)
    {
        var names = new string[model.Outputs.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = model.Outputs[i].Name;
        }

        return names;
    }

    internal static QuantizationRecipe WithoutFloatRules(QuantizationRecipe recipe) => With(recipe, []);

    private static QuantizationRecipe With(QuantizationRecipe recipe, IReadOnlyList<FloatRule> rules) => new()
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
