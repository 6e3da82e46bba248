using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Platform;
using EdgeMer.Quantization.Measuring;
using EdgeMer.Quantization.Recipes;
using EdgeMer.Quantization.Running;
using EdgeMer.Testing;

namespace EdgeMer.Quantization.Tests;

/// <summary>
/// The committed emotion recipe on the real model (the fast part of the real runs; ./build.sh bench
/// runs every recipe): its INT8 variant keeps the emotion ranking on held-out faces, is much
/// smaller, is accepted by Debian's onnx checker, and comes out byte for byte the same each time on
/// one machine, so the sha256 the store records is stable.
/// </summary>
public sealed class EmotionRecipeTests : IClassFixture<EmotionRecipeTests.Quantized>
{
    private readonly Quantized _quantized;

    public EmotionRecipeTests(Quantized quantized)
    {
        _quantized = quantized;
    }

    [Fact]
    public void The_int8_emotion_model_agrees_with_fp32_on_at_least_99_percent_of_held_out_faces()
    {
        FidelityFigure topOne = _quantized.First.Report.Chosen.Fidelity.Single(f => f.Name == "top-1 agreement");

        Assert.True(topOne.Value >= Fidelity.TopOneTarget, $"top-1 agreement {topOne.Value:0.##} %");
        Assert.True(_quantized.First.Report.HeldOutInputs >= 100, $"{_quantized.First.Report.HeldOutInputs} held-out inputs");
    }

    [Fact]
    public void The_int8_emotion_model_is_at_least_three_times_smaller()
    {
        Assert.True(_quantized.First.Report.SizeRatio >= 3.0, $"{_quantized.First.Report.SizeRatio:0.00}x smaller");
    }

    [Fact]
    public void Quantizing_twice_gives_the_same_bytes()
    {
        Assert.Equal(ModelStore.Sha256Hex(_quantized.First.Variant), ModelStore.Sha256Hex(_quantized.Second.Variant));
    }

    [Fact]
    public void Debians_onnx_checker_accepts_the_int8_emotion_model()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgemer-emotion-int8-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(path, _quantized.First.Variant);

            ExternalProgramResult result = ExternalProgram.Run(
                TestPrograms.DebianPython,
                ["-c", "import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('ok')", path],
                TimeSpan.FromMinutes(1));

            Assert.True(result.ExitCode == 0, result.StandardError);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The emotion recipe run twice on the built catalog (built here when the cache lacks it).</summary>
    public sealed class Quantized
    {
        public Quantized()
        {
            ModelCatalog catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models"));
            var store = new ModelStoreBuilder(Path.Combine(RepoPaths.Cache, "models"), Path.Combine(RepoPaths.Cache, "npm"));
            store.Build(catalog);
            var request = new QuantizationRequest
            {
                Model = catalog.Find("emotion"),
                Recipe = QuantizationRecipe.Load(Path.Combine(RepoPaths.Root, "quantization", "emotion.json")),
                RecipeDisplayPath = "quantization/emotion.json",
                Fp32Path = store.ModelPath("emotion"),
                Now = DateTimeOffset.UnixEpoch,
            };
            var quantization = new ModelQuantization(TestRuntime.Environment, new CalibrationInputs(Path.Combine(RepoPaths.Root, "models", "sample-media")))
            {
                TimingBudget = TimeSpan.FromMilliseconds(100),
            };
            First = quantization.Run(request);
            Second = quantization.Run(request);
        }

        public QuantizationResult First { get; }

        public QuantizationResult Second { get; }
    }
}
