using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Onnx;
using EdgeMer.Quantization.Measuring;
using EdgeMer.Quantization.Recipes;
using EdgeMer.Quantization.Reports;
using EdgeMer.Quantization.Running;

namespace EdgeMer.Quantization;

/// <summary>
/// What static quantization, dynamic quantization and channel pruning share: each builds variants
/// of a catalog model's fp32 file as a recipe says, runs them against fp32 in this process on one
/// thread, times them and profiles them, all in the same ONNX Runtime environment.
/// </summary>
public abstract class ModelVariantBuilder
{
    private protected ModelVariantBuilder(InferenceEnvironment environment)
    {
        Environment = environment;
    }

    /// <summary>How many timed calls each variant gets (at least 50, at most 2,000, about 3 s of fp32).</summary>
    public TimeSpan TimingBudget { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How many runs ONNX Runtime's profiler times per variant for the per-operator table.</summary>
    public int ProfiledRuns { get; init; } = 30;

    private protected InferenceEnvironment Environment { get; }

    /// <summary>An error naming the recipe when its <c>model</c> is not the model it is applied to.</summary>
    private protected static void CheckRecipeModel(string source, string recipeModel, ModelDescription model)
    {
        if (recipeModel != model.Id)
        {
            throw new QuantizationRecipeException($"{source}: 'model' is '{recipeModel}', but it is applied to model '{model.Id}'");
        }
    }

    /// <summary>The sessions every variant (and fp32) is measured and timed in: one intra-op and one inter-op thread.</summary>
    private protected static InferenceSessionOptions SingleThreaded() => new() { IntraOpThreads = 1, InterOpThreads = 1 };

    /// <summary>The float outputs named <paramref name="outputs"/> of the model in <paramref name="bytes"/> on each input, in a session of its own.</summary>
    private protected List<float[][]> RunFloats(byte[] bytes, string name, string[] outputs, IReadOnlyList<InputCase> inputs, InferenceSessionOptions options)
    {
        using InferenceSession session = InferenceSession.Load(Environment, bytes, name, options);
        var results = new List<float[][]>(inputs.Count);
        foreach (InputCase input in inputs)
        {
            results.Add(SessionRuns.RunFloats(session, input, outputs));
        }

        return results;
    }

    /// <summary>
    /// Times the variants (fp32 first) against each other on one input, about <see cref="TimingBudget"/>'s worth
    /// of fp32 calls each, with the machine's load averages before and after, as the reports give them.
    /// </summary>
    private protected (IReadOnlyList<LatencyResult> Latency, int Calls, string LoadAverage) TimeVariants(List<(string Name, byte[] Bytes)> variants, InputCase input, InferenceSessionOptions options)
    {
        string loadBefore = LoadAverage();
        (IReadOnlyList<LatencyResult> latency, int calls) = Time(Environment, TimingBudget, variants, input, options);
        string loadAfter = LoadAverage();
        return (latency, calls, $"{loadBefore} before timing, {loadAfter} after");
    }

    private static (IReadOnlyList<LatencyResult>, int) Time(InferenceEnvironment environment, TimeSpan budget, List<(string Name, byte[] Bytes)> variants, InputCase input, InferenceSessionOptions options)
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

    /// <summary>The machine's 1-, 5- and 15-minute load averages (Linux), to judge how far other work may have moved the timings.</summary>
    private static string LoadAverage()
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

    /// <summary>
    /// The fp32 model as the variants are built from it: without the importer's version stamp
    /// (metadata and producer version), which changes whenever the importer is rebuilt although the
    /// graph and weights do not, so that the variant's sha256 in the manifest stays valid; marked with
    /// the tool that built it (<paramref name="producer"/>) and the variant (<paramref name="variant"/>).
    /// </summary>
    internal static OnnxModel VariantSource(byte[] bytes, string path, string producer, string variant)
    {
        OnnxModel model = OnnxModel.FromBytes(bytes, path);
        for (int i = model.Proto.MetadataProps.Count - 1; i >= 0; i--)
        {
            if (model.Proto.MetadataProps[i].Key == "edgemer.converter_version")
            {
                model.Proto.MetadataProps.RemoveAt(i);
            }
        }

        model.ProducerName = producer;
        model.ProducerVersion = string.Empty;
        model.SetMetadata("edgemer.variant", variant);
        return model;
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
}
