using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Onnx;
using EdgeMer.Onnx.Protobuf;
using EdgeMer.Quantization.Dynamic;
using EdgeMer.Quantization.Measuring;
using EdgeMer.Quantization.Recipes;
using EdgeMer.Quantization.Running;
using EdgeMer.Testing;

namespace EdgeMer.Quantization.Tests;

/// <summary>
/// The committed dynamic recipe on the real Silero VAD (small enough to run here; ./build.sh bench
/// runs every recipe): the planned convolutions and LSTMs of both sample-rate branches become ConvInteger
/// and DynamicQuantizeLSTM, the variant
/// passes EdgeMer's validator, and over the held-out speech and silence it marks the same frames as
/// speech as fp32.
/// </summary>
public sealed class SileroVadRecipeTests : IClassFixture<SileroVadRecipeTests.Quantized>
{
    private readonly Quantized _quantized;

    public SileroVadRecipeTests(Quantized quantized)
    {
        _quantized = quantized;
    }

    [Fact]
    public void The_planned_convolutions_and_lstms_of_both_branches_run_as_integer_kernels()
    {
        OnnxModel variant = OnnxModel.FromBytes(_quantized.Result.Variant);
        var ops = new List<string>();
        Collect(variant.Graph.Proto, ops);

        Assert.Empty(variant.FindProblems());
        Assert.Equal(_quantized.Result.Report.Quantized.Count, ops.Count(op => op is "ConvInteger" or "DynamicQuantizeLSTM"));
        Assert.Equal(_quantized.Result.Report.KeptFloat.Count, ops.Count(op => op is "Conv" or "LSTM"));
    }

    [Fact]
    public void The_int8_vad_marks_the_same_frames_as_speech_as_fp32()
    {
        IReadOnlyList<FidelityFigure> fidelity = _quantized.Result.Report.Chosen.Fidelity;
        FidelityFigure agreement = fidelity.Single(f => f.Name == "speech/non-speech agreement");
        FidelityFigure speech = fidelity.Single(f => f.Name == "speech frames by fp32 (p >= 0.5)");

        Assert.True(agreement.Value >= Fidelity.TopOneTarget, $"agreement {agreement.Value:0.##} %");
        Assert.True(speech.Value >= 100, $"{speech.Value} speech frames");
    }

    private static void Collect(GraphProto graph, List<string> ops)
    {
        foreach (NodeProto node in graph.Node)
        {
            ops.Add(node.OpType);
            foreach (AttributeProto attribute in node.Attribute)
            {
                if (attribute.G is { } subgraph)
                {
                    Collect(subgraph, ops);
                }
            }
        }
    }

    /// <summary>The silero-vad recipe run once on the built catalog (built here when the cache lacks it).</summary>
    public sealed class Quantized
    {
        public Quantized()
        {
            ModelCatalog catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models"));
            var store = new ModelStoreBuilder(Path.Combine(RepoPaths.Cache, "models"), Path.Combine(RepoPaths.Cache, "npm"));
            store.Build(catalog);
            var request = new QuantizationRequest
            {
                Model = catalog.Find("silero-vad"),
                Recipe = QuantizationRecipe.Load(Path.Combine(RepoPaths.Root, "quantization", "silero-vad.json")),
                RecipeDisplayPath = "quantization/silero-vad.json",
                Fp32Path = store.ModelPath("silero-vad"),
                Now = DateTimeOffset.UnixEpoch,
            };
            var quantization = new DynamicModelQuantization(TestRuntime.Environment, new AudioInputs(Path.Combine(RepoPaths.Root, "models", "sample-media")))
            {
                TimingBudget = TimeSpan.FromMilliseconds(100),
                ProfiledRuns = 2,
            };
            Result = quantization.Run(request);
        }

        public QuantizationResult Result { get; }
    }
}
