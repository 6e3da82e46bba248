using EdgeMer.Models.Catalog;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary><c>edgemer models prune</c> as a user runs it: a rejected variant exits with code 2 and leaves the store as it was.</summary>
public sealed partial class CommandLineTests
{
    [Fact]
    public void Models_prune_rejects_a_variant_outside_its_fidelity_bound_with_exit_code_2_and_writes_nothing_to_the_store()
    {
        string store = StoreWithFp32Emotion();
        string recipe = Path.Combine(_dir, "emotion.prune.json");
        File.WriteAllText(recipe, """
            { "model": "emotion", "description": "a bound no pruned model keeps: exactly fp32's probabilities", "sparsity": 0.125, "channelMultiple": 8,
              "fidelity": [ { "figure": "worst probability difference", "atMost": 0 } ] }
            """);

        ExternalProgramResult result = Edgemer("models", "prune", "--recipe", recipe, "--store", store, "--reports", Path.Combine(_dir, "reports"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("edgemer models: model 'emotion': no pruned variant was written", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("worst probability difference is ", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(store, "emotion.pruned.onnx")));
        Assert.Null(new ModelStore(store).Find("emotion", "pruned"));
        Assert.Contains("**Rejected**", File.ReadAllText(Path.Combine(_dir, "reports", "emotion.pruned.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Models_prune_refuses_a_malformed_recipe_naming_the_file_and_the_key()
    {
        string recipe = Path.Combine(_dir, "emotion.prune.json");
        File.WriteAllText(recipe, """{ "model": "emotion", "description": "d", "sparsity": 1.5, "fidelity": [ { "figure": "top-1 agreement", "atLeast": 99 } ] }""");

        ExternalProgramResult result = Edgemer("models", "prune", "--recipe", recipe, "--store", Path.Combine(_dir, "store"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"edgemer models: {recipe}: 'sparsity' is 1.5; allowed: a share of channels above 0 and below 1", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A store of its own holding the built fp32 emotion model, so the test sees exactly what the command writes.</summary>
    private string StoreWithFp32Emotion()
    {
        var built = new ModelStore(Path.Combine(RepoPaths.Cache, "models"));
        ModelIndexEntry fp32 = built.Find("emotion") ?? throw new InvalidOperationException("the emotion model is not built; run ./build.sh test");
        string folder = Path.Combine(_dir, "store");
        Directory.CreateDirectory(folder);
        File.Copy(built.ModelPath("emotion"), Path.Combine(folder, fp32.File));
        var index = new ModelIndex();
        index.Models.Add(fp32);
        File.WriteAllText(Path.Combine(folder, "index.json"), index.ToJson());
        return folder;
    }
}
