using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Platform;
using EdgeMer.Quantization.Graph;
using EdgeMer.Quantization.Measuring;
using EdgeMer.Quantization.Recipes;
using EdgeMer.Quantization.Reports;
using EdgeMer.Quantization.Running;

namespace EdgeMer.Quantization.Pruning;

/// <summary>
/// Prunes one catalog model as its pruning recipe says: finds the channel groups, builds one
/// variant per candidate sparsity (channels chosen by L1 norm, the next layers' biases corrected by
/// the removed channels' means on the calibration inputs), measures each against fp32 as the
/// quantization report does (fidelity on held-out inputs, latency as the ratio of medians in this
/// process in rotating rounds) and accepts the fastest candidate that is faster than fp32 and keeps
/// every fidelity bound of the recipe. When none does, the result has no variant and the report
/// says why.
/// </summary>
public sealed class ModelPruning : ModelVariantBuilder
{
    private readonly CalibrationInputs _inputs;

    public ModelPruning(InferenceEnvironment environment, CalibrationInputs inputs)
        : base(environment)
    {
        _inputs = inputs;
    }

    /// <summary>The held-out audio a voice activity model is measured on; without it such a model cannot be pruned.</summary>
    public AudioInputs? Audio { get; init; }

    public PruningResult Run(PruningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        PruningRecipe recipe = request.Recipe;
        ModelDescription model = request.Model;
        CheckRecipeModel(recipe.Source, recipe.Model, model);
        byte[] fp32Bytes = File.ReadAllBytes(request.Fp32Path);
        OnnxModel source = VariantSource(fp32Bytes, request.Fp32Path, "EdgeMer pruning", "pruned");
        IReadOnlyList<string> folded = recipe.FixedInputs.Count > 0 ? FixedInputFolding.Fold(source, recipe.FixedInputs, recipe.Source) : [];
        ChannelGroups analysis = ChannelGroups.Analyze(source);
        if (analysis.WhyNoGroups(model.Id) is { } nothing)
        {
            throw new UnsupportedGraphException($"{recipe.Source}: {nothing}");
        }

        Dictionary<int, string> kept = KeptByRecipe(analysis, recipe);
        bool voice = model.Task == ModelTask.VoiceActivity;
        IReadOnlyList<(string File, float[] Samples)> streams = [];
        IReadOnlyList<InputCase> calibration;
        IReadOnlyList<InputCase> heldOut;
        if (voice)
        {
            if (recipe.BiasCorrection || recipe.Reconstruction || recipe.Sequential)
            {
                throw new QuantizationRecipeException($"{recipe.Source}: model '{model.Id}' is a voice activity model, whose sample audio is all held out for the fidelity check, so there is no calibration audio to correct the next layers from; set 'biasCorrection', 'reconstruction' and 'sequential' to false");
            }

            AudioInputs audio = Audio ?? throw new InvalidOperationException($"model '{model.Id}' is a voice activity model and is measured on audio, but no audio was given");
            streams = audio.Streams();
            calibration = [];
            heldOut = [VoiceActivityRuns.SpeechFrame(model, streams[0])];
        }
        else
        {
            (calibration, heldOut) = _inputs.For(model);
        }

        IReadOnlyDictionary<string, double[]>? means = recipe.BiasCorrection
            ? ChannelMeans.Observe(Environment, source, PrunableConvInputs(analysis), calibration)
            : null;
        IReadOnlyDictionary<string, ChannelMoments>? moments = recipe.Reconstruction && !recipe.Sequential
            ? ChannelMeans.ObserveMoments(Environment, source, PrunableConvInputs(analysis), calibration, products: true)
            : null;

        string[] outputs = OutputNames(model);
        InferenceSessionOptions options = SingleThreaded();
        List<float[][]> reference = voice ? [] : RunFloats(fp32Bytes, model.Id + " fp32", outputs, heldOut, options);
        List<float[]> probabilities = voice ? VoiceActivityRuns.Probabilities(Environment, model, fp32Bytes, "fp32", streams, options) : [];

        var candidates = new List<(double Sparsity, IReadOnlyList<PrunedGroup> Groups, byte[] Bytes, IReadOnlyList<FidelityFigure> Fidelity, ModelCost Cost)>();
        foreach (double sparsity in recipe.Sparsity)
        {
            (Dictionary<int, bool[]> masks, IReadOnlyList<PrunedGroup> groups) = Plan(analysis, recipe, kept, sparsity);
            OnnxModel pruned = recipe.Sequential
                ? SequentialReconstruction.Prune(Environment, analysis, masks, means, calibration)
                : ChannelPruner.Prune(analysis, masks, means, moments);
            pruned.Validate();
            byte[] bytes = pruned.ToBytes();
            string name = $"{model.Id} pruned {sparsity:0.###}";
            IReadOnlyList<FidelityFigure> fidelity = voice
                ? VoiceActivityFidelity.Measure(probabilities, VoiceActivityRuns.Probabilities(Environment, model, bytes, name, streams, options))
                : MeasureFidelity(bytes, name, model, outputs, heldOut, reference, options);
            CheckBounds(recipe, fidelity);
            candidates.Add((sparsity, groups, bytes, fidelity, ModelCost.Measure(Environment, pruned, heldOut[0])));
        }

        // With fixed inputs, the folded model before any channel is removed is measured as well, so the
        // report shows what the folding alone changes and what the pruning adds.
        byte[]? foldedBytes = folded.Count > 0 ? source.ToBytes() : null;
        IReadOnlyList<FidelityFigure>? foldedFidelity = foldedBytes is null ? null
            : voice ? VoiceActivityFidelity.Measure(probabilities, VoiceActivityRuns.Probabilities(Environment, model, foldedBytes, "folded", streams, options))
            : MeasureFidelity(foldedBytes, model.Id + " folded", model, outputs, heldOut, reference, options);
        var timed = new List<(string Name, byte[] Bytes)> { ("fp32", fp32Bytes) };
        foreach (var candidate in candidates)
        {
            timed.Add((CandidateName(candidate.Sparsity), candidate.Bytes));
        }

        if (foldedBytes is not null)
        {
            timed.Add((FoldedName, foldedBytes));
        }

        (IReadOnlyList<LatencyResult> latency, int calls, string loadAverage) = TimeVariants(timed, heldOut[0], options);

        var results = new List<PrunedCandidate>();
        for (int i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var broken = new List<string>();
            foreach (FidelityBound bound in recipe.Fidelity)
            {
                double value = candidate.Fidelity.First(f => f.Name == bound.Figure).Value;
                if (!bound.Holds(value))
                {
                    broken.Add(FormattableString.Invariant($"{bound.Figure} is {value:0.###}; the recipe allows {(bound.AtLeast ? "at least" : "at most")} {bound.Value:0.###}"));
                }
            }

            if (candidate.Groups.All(g => g.Kept == g.Channels))
            {
                broken.Add("it removes no channel (every prunable group keeps all its channels after rounding to the channel multiple)");
            }

            LatencyResult speed = latency[i + 1];
            if (speed.SpeedUp <= 1.0)
            {
                broken.Add(FormattableString.Invariant($"it runs slower than fp32 ({speed.SpeedUp:0.00}x fp32's speed, median {speed.MedianMicroseconds:0} µs against {latency[0].MedianMicroseconds:0} µs)"));
            }

            results.Add(new PrunedCandidate(
                candidate.Sparsity,
                candidate.Bytes.Length,
                ModelStore.Sha256Hex(candidate.Bytes),
                candidate.Cost,
                speed,
                candidate.Fidelity,
                candidate.Groups,
                broken));
        }

        int chosen = -1;
        for (int i = 0; i < results.Count; i++)
        {
            if (results[i].Rejections.Count == 0 && (chosen < 0 || results[i].Latency.SpeedUp > results[chosen].Latency.SpeedUp))
            {
                chosen = i;
            }
        }

        int profiled = chosen >= 0 ? chosen : 0;
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (NodeProto node in source.Graph.Nodes)
        {
            if (node.OpType == "Conv" && node.GetInt("group", 1) > 1)
            {
                kinds[node.Name] = "DepthwiseConv";
            }
        }

        MachineInfo machine = MachineInfo.Read();
        var report = new PruningReport
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
            Fp32Cost = ModelCost.Measure(Environment, source, heldOut[0]),
            Fp32Latency = latency[0],
            Candidates = results,
            Chosen = chosen,
            Bounds = recipe.Fidelity,
            BiasCorrection = recipe.BiasCorrection,
            Reconstruction = recipe.Reconstruction,
            Sequential = recipe.Sequential,
            FixedInputs = recipe.FixedInputs,
            Folded = folded,
            FoldedBytes = foldedBytes?.Length ?? 0,
            FoldedLatency = foldedBytes is null ? null : latency[^1],
            FoldedFidelity = foldedFidelity,
            ChannelMultiple = recipe.ChannelMultiple,
            MaxLayerSparsity = recipe.MaxLayerSparsity,
            TimedCalls = calls,
            LoadAverage = loadAverage,
            ProfiledRuns = ProfiledRuns,
            ProfiledCandidate = profiled,
            Fp32Operators = LayerProfile.Measure(Environment, fp32Bytes, model.Id + " fp32 (profiled)", heldOut[0], ProfiledRuns, kinds),
            PrunedOperators = LayerProfile.Measure(Environment, candidates[profiled].Bytes, model.Id + " pruned (profiled)", heldOut[0], ProfiledRuns, kinds),
            CalibrationInputs = calibration.Count,
            HeldOutInputs = voice ? probabilities.Sum(p => p.Length) : heldOut.Count,
            HeldOutExample = voice ? $"{heldOut[0].Description}; fidelity on every frame of {string.Join(", ", streams.Select(s => s.File))}, each from a fresh state" : heldOut[^1].Description,
        };
        return new PruningResult(report, chosen >= 0 ? candidates[chosen].Bytes : null);
    }

    /// <summary>The name of the model folded for the recipe's fixed inputs, before any channel is removed, in the timing and the report.</summary>
    public const string FoldedName = "folded, no channel removed";

    /// <summary>The name a candidate has in the timing and the report: <c>pruned 25 %</c>.</summary>
    public static string CandidateName(double sparsity) => FormattableString.Invariant($"pruned {sparsity * 100:0.#} %");

    /// <summary>
    /// The groups the recipe keeps whole, by index, with the recipe's reason; an error naming the
    /// node when a recipe names a node the model does not have or one that writes no group's channels.
    /// </summary>
    internal static Dictionary<int, string> KeptByRecipe(ChannelGroups analysis, PruningRecipe recipe)
    {
        var kept = new Dictionary<int, string>();
        foreach ((string node, string reason) in recipe.Keep)
        {
            kept[Group(analysis, recipe, node, "keep").Index] = reason;
        }

        foreach ((string node, double share) in recipe.Layers)
        {
            ChannelGroup group = Group(analysis, recipe, node, "layers");
            if (share > 0 && !group.Prunable)
            {
                throw new UnsupportedGraphException($"{recipe.Source}: layers names Conv node '{node}', whose channels cannot be pruned: {string.Join("; ", group.Reasons)}");
            }
        }

        return kept;
    }

    /// <summary>The masks for one candidate sparsity and what they do to each group.</summary>
    internal static (Dictionary<int, bool[]> Masks, IReadOnlyList<PrunedGroup> Groups) Plan(ChannelGroups analysis, PruningRecipe recipe, IReadOnlyDictionary<int, string> kept, double sparsity)
    {
        var masks = new Dictionary<int, bool[]>();
        var groups = new List<PrunedGroup>();
        foreach (ChannelGroup group in analysis.Groups)
        {
            string? whole = kept.TryGetValue(group.Index, out string? reason) ? "recipe: " + reason
                : group.Prunable ? null
                : string.Join("; ", group.Reasons);
            double share = sparsity;
            foreach (string conv in group.Convolutions)
            {
                if (recipe.Layers.TryGetValue(conv, out double own))
                {
                    share = own;
                }
            }

            share = Math.Min(share, recipe.MaxLayerSparsity);
            int keep = whole is null ? ChannelSelection.KeptCount(group.Channels, share, recipe.ChannelMultiple) : group.Channels;
            if (keep < group.Channels)
            {
                masks[group.Index] = ChannelSelection.KeepHighest(ChannelSelection.Scores(analysis, group), keep);
            }
            else
            {
                whole ??= share == 0 ? "recipe: sparsity 0 for this layer" : $"{group.Channels} channels rounded to a multiple of {recipe.ChannelMultiple} leave none to remove";
            }

            groups.Add(new PrunedGroup(group.Convolutions, group.Channels, keep, whole));
        }

        return (masks, groups);
    }

    /// <summary>The inputs of the dense convolutions that read prunable channels, whose means correct their biases.</summary>
    private static List<string> PrunableConvInputs(ChannelGroups analysis)
    {
        var tensors = new List<string>();
        foreach (NodeProto node in analysis.Model.Graph.Nodes)
        {
            if (node.OpType == "Conv" && node.GetInt("group", 1) == 1 && analysis.Layout(node.Input[0]) is { } layout
                && layout.Any(slot => analysis.Groups[slot.Group].Prunable) && !tensors.Contains(node.Input[0]))
            {
                tensors.Add(node.Input[0]);
            }
        }

        return tensors;
    }

    private static ChannelGroup Group(ChannelGroups analysis, PruningRecipe recipe, string node, string key)
    {
        NodeProto found = analysis.Model.Graph.FindNode(node)
            ?? throw new QuantizationRecipeException($"{recipe.Source}: {key} names node '{node}', which model '{recipe.Model}' does not have");
        return analysis.GroupOf(node)
            ?? throw new UnsupportedGraphException($"{recipe.Source}: {key} names {found.OpType} node '{node}', which writes no prunable channels (only dense convolutions with constant weights start a channel group; a depthwise convolution's channels follow its input's group)");
    }

    internal static void CheckBounds(PruningRecipe recipe, IReadOnlyList<FidelityFigure> fidelity)
    {
        foreach (FidelityBound bound in recipe.Fidelity)
        {
            if (!fidelity.Any(f => f.Name == bound.Figure))
            {
                throw new QuantizationRecipeException($"{recipe.Source}: fidelity names figure '{bound.Figure}', which model '{recipe.Model}' is not measured by; its figures: {string.Join(", ", fidelity.Select(f => f.Name))}");
            }
        }
    }

    private IReadOnlyList<FidelityFigure> MeasureFidelity(byte[] bytes, string name, ModelDescription model, string[] outputs, IReadOnlyList<InputCase> heldOut, List<float[][]> reference, InferenceSessionOptions options) =>
        Fidelity.Measure(model, outputs, reference, RunFloats(bytes, name, outputs, heldOut, options));
}
