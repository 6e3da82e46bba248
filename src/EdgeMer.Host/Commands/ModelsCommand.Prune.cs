using System.CommandLine;
using System.Globalization;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Quantization.Pruning;
using EdgeMer.Quantization.Running;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Host.Commands;

/// <summary><c>edgemer models prune</c>: a model's channel-pruned variant, built and measured as its pruning recipe says.</summary>
internal static partial class ModelsCommand
{
    /// <summary>The exit code of a run whose every candidate was rejected (slower than fp32 or outside the recipe's fidelity bounds).</summary>
    public const int Rejected = 2;

    private static Command Prune()
    {
        Option<string> catalogOption = CatalogOption();
        Option<string> storeOption = StoreOption();
        Option<bool> jsonOption = JsonOption();
        var recipeOption = new Option<string>("--recipe") { Description = "The model's pruning recipe, quantization/<model>.prune.json.", Required = true };
        var reportsOption = new Option<string>("--reports") { Description = "Folder for <model>.pruned.md and <model>.pruned.json (default: reports/ beside the recipe)." };
        var command = new Command(
            "prune",
            "Build a model's channel-pruned variant as its pruning recipe says (L1-norm channel selection, bias correction on the sample media); measure it against fp32 and write it to the store only when it is faster and keeps the recipe's fidelity bounds.")
        {
            recipeOption, catalogOption, storeOption, reportsOption, jsonOption,
        };
        command.SetAction(result => Run(() =>
        {
            string recipePath = result.GetValue(recipeOption)!;
            PruningRecipe recipe = PruningRecipe.Load(recipePath);
            string catalogFolder = EdgeMerPaths.Catalog(result.GetValue(catalogOption));
            ModelCatalog catalog = ModelCatalog.Load(catalogFolder);
            ModelDescription model = catalog.Find(recipe.Model);
            ModelStoreBuilder store = Store(result.GetValue(storeOption));
            CheckBuilt(store, model);
            using ILoggerFactory loggerFactory = StderrLogging();
            InferenceEnvironment runtime = InferenceEnvironment.Initialize(new InferenceEnvironmentOptions(), loggerFactory);
            string sampleMedia = Path.Combine(Path.GetFullPath(catalogFolder), "sample-media");
            // Iris reads eye crops, cut where the face mesh finds the eyes, as quantization cuts them.
            using EyeRegionFinder? eyes = model.Task == ModelTask.EyeLandmarks ? FaceMeshEyes(runtime, catalog, store) : null;
            var pruning = new ModelPruning(runtime, new CalibrationInputs(sampleMedia) { Eyes = eyes }) { Audio = new AudioInputs(sampleMedia) };
            PruningResult outcome = pruning.Run(new PruningRequest
            {
                Model = model,
                Recipe = recipe,
                RecipeDisplayPath = RecipeDisplayPath(catalogFolder, recipePath),
                Fp32Path = store.ModelPath(model.Id),
                Now = DateTimeOffset.UtcNow,
            });

            string reports = ReportsFolder(result.GetValue(reportsOption), recipePath);
            string json = outcome.Report.ToJson();
            WriteReports(reports, model.Id + ".pruned", outcome.Report.ToMarkdown(), json);
            TextWriter output = result.InvocationConfiguration.Output;
            if (outcome.Variant is null)
            {
                Console.Error.WriteLine($"edgemer models: {outcome.Report.RejectionMessage()}; report: {Path.Combine(reports, model.Id + ".pruned.md")}");
                return Rejected;
            }

            ModelIndexEntry entry = store.AddVariant(model.Id, "pruned", outcome.Variant, VariantSource(outcome.Report.Fp32Sha256, recipePath));
            if (result.GetValue(jsonOption))
            {
                output.WriteLine(json);
                return 0;
            }

            PrunedCandidate chosen = outcome.Report.Candidates[outcome.Report.Chosen];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model.Id}: wrote {entry.File} ({entry.Bytes:N0} B, sha256 {entry.Sha256}); {ModelPruning.CandidateName(chosen.Sparsity)}, {chosen.Latency.SpeedUp:0.00}x fp32's speed, {(double)chosen.Cost.MultiplyAccumulates / outcome.Report.Fp32Cost.MultiplyAccumulates * 100:0.#} % of its multiply-accumulates"));
            foreach (var figure in chosen.Fidelity)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {figure.Name}: {figure.Value:0.####} {figure.Unit}"));
            }

            foreach (string missed in outcome.Report.MissedTargets())
            {
                output.WriteLine("  missed: " + missed);
            }

            output.WriteLine($"  report: {Path.Combine(reports, model.Id + ".pruned.md")}");
            return 0;
        }));
        return command;
    }
}
