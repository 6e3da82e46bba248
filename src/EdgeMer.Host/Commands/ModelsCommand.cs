using System.CommandLine;
using System.Globalization;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Listing;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Models.Tooling.Import.TfJs;
using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Onnx;
using EdgeMer.Quantization;
using EdgeMer.Quantization.Dynamic;
using EdgeMer.Quantization.Graph;
using EdgeMer.Quantization.Recipes;
using EdgeMer.Quantization.Running;
using Microsoft.Extensions.Logging;

namespace EdgeMer.Host.Commands;

/// <summary>
/// <c>edgemer models list|fetch|import|verify|quantize|prune</c>: the model catalog (models/*.json), building
/// the converted models into the cache, converting one TensorFlow.js model, checking the converted
/// models against their originals, and building their INT8 and pruned variants with a report.
/// </summary>
internal static partial class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "The model catalog: list, fetch (build), import a TensorFlow.js model, verify against the originals.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Fetch());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Quantize());
        command.Subcommands.Add(Prune());
        return command;
    }

    private static Option<string> CatalogOption() =>
        new("--catalog") { Description = "Folder of model manifests (default: models/ of the repository around the current directory)." };

    private static Option<string> StoreOption() =>
        new("--store") { Description = "Folder of built models and index.json (default: $EDGEMER_CACHE/models)." };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the report as JSON." };

    private static Command List()
    {
        Option<string> catalogOption = CatalogOption();
        Option<string> storeOption = StoreOption();
        Option<bool> jsonOption = JsonOption();
        var command = new Command("list", "Show the catalogued models, their licences, variants and the sha256 of each built file.") { catalogOption, storeOption, jsonOption };
        command.SetAction(result => Run(() =>
        {
            ModelCatalog catalog = ModelCatalog.Load(EdgeMerPaths.Catalog(result.GetValue(catalogOption)));
            ModelListing listing = ModelListing.Create(catalog, Store(result.GetValue(storeOption)).Store);
            TextWriter output = result.InvocationConfiguration.Output;
            if (result.GetValue(jsonOption))
            {
                output.WriteLine(listing.ToJson());
                return 0;
            }

            output.WriteLine($"{"model",-18} {"modality",-8} {"task",-16} {"licence",-10} {"source",-10} {"variants",-22} {"built fp32 (sha256)"}");
            foreach (ModelListingEntry model in listing.Models)
            {
                string status = model.Built is { } built ? $"{built.File} {built.Sha256}" : "not built (edgemer models fetch)";
                var variants = new List<string>();
                foreach (ModelListingVariant variant in model.Variants)
                {
                    variants.Add(variant.Status == "available" ? variant.Name : variant.Name + "(planned)");
                }

                output.WriteLine($"{model.Id,-18} {model.Modality,-8} {model.Task,-16} {model.License.Name,-10} {model.SourceFormat,-10} {string.Join(",", variants),-22} {status}");
            }

            output.WriteLine($"{listing.Models.Count} models; index: {listing.Index}; licence texts: {Path.Combine(listing.Catalog, "licenses")}");
            return 0;
        }));
        return command;
    }

    private static Command Fetch()
    {
        Option<string> catalogOption = CatalogOption();
        Option<string> storeOption = StoreOption();
        var command = new Command("fetch", "Verify each manifest's pinned source and build the models that are missing or out of date.") { catalogOption, storeOption };
        command.SetAction(result => Run(() =>
        {
            ModelCatalog catalog = ModelCatalog.Load(EdgeMerPaths.Catalog(result.GetValue(catalogOption)));
            ModelStoreBuilder store = Store(result.GetValue(storeOption));
            foreach (string line in store.Build(catalog))
            {
                Console.WriteLine(line);
            }

            return 0;
        }));
        return command;
    }

    private static Command Import()
    {
        var tfjsOption = new Option<string>("--tfjs") { Description = "The TensorFlow.js graph model (model.json; its weight shards beside it).", Required = true };
        var outOption = new Option<string>("--out") { Description = "The ONNX file to write (written atomically).", Required = true };
        var nameOption = new Option<string>("--name") { Description = "The ONNX graph name (default: the file name)." };
        var command = new Command("import", "Convert a TensorFlow.js graph model to ONNX (opset 17).") { tfjsOption, outOption, nameOption };
        command.SetAction(result => Run(() =>
        {
            string source = result.GetValue(tfjsOption)!;
            string target = result.GetValue(outOption)!;
            var options = new TfJsImportOptions { GraphName = result.GetValue(nameOption) ?? Path.GetFileNameWithoutExtension(source) };
            OnnxModel model = TfJsImporter.ImportToFile(source, target, options);
            Console.WriteLine($"{target}: {model.Graph.Nodes.Count} nodes, {model.Graph.Initializers.Count} initializers, opset {model.FindOpsetImport("")}");
            foreach (var input in model.Graph.Inputs)
            {
                Console.WriteLine($"  input  {input.Name}");
            }

            foreach (var output in model.Graph.Outputs)
            {
                Console.WriteLine($"  output {output.Name}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Verify()
    {
        Option<string> catalogOption = CatalogOption();
        Option<string> storeOption = StoreOption();
        Option<bool> jsonOption = JsonOption();
        var idOption = new Option<string>("--id") { Description = "Verify only this model." };
        var command = new Command(
            "verify",
            "Run each built model in ONNX Runtime (EdgeMer's binding) and its original reference (TensorFlow.js; vad-web's streaming for Silero VAD) on the sample media and random inputs; report the worst difference per model.")
        {
            catalogOption, storeOption, idOption, jsonOption,
        };
        command.SetAction(result => Run(() =>
        {
            string catalogFolder = EdgeMerPaths.Catalog(result.GetValue(catalogOption));
            ModelCatalog catalog = ModelCatalog.Load(catalogFolder);
            ModelStoreBuilder store = Store(result.GetValue(storeOption));
            var environment = new ReferenceEnvironment
            {
                RepositoryRoot = Path.GetDirectoryName(Path.GetFullPath(catalogFolder))!,
                NpmRoot = Path.Combine(EdgeMerPaths.Cache, "npm"),
            };

            using ILoggerFactory loggerFactory = StderrLogging();
            InferenceEnvironment runtime = InferenceEnvironment.Initialize(new InferenceEnvironmentOptions(), loggerFactory);
            var verifier = new ModelVerifier(store, environment, new OnnxRuntimeModelRunner(runtime));
            string? only = result.GetValue(idOption);
            bool json = result.GetValue(jsonOption);
            TextWriter output = result.InvocationConfiguration.Output;
            var verifications = new List<ModelVerification>();
            foreach (ModelDescription model in only is null ? catalog.Models : [catalog.Find(only)])
            {
                ModelVerification verification = verifier.Verify(model);
                verifications.Add(verification);
                if (!json)
                {
                    string worst = string.Create(CultureInfo.InvariantCulture, $"worst scaled difference {verification.WorstScaled:0.###e+0} (tolerance {ModelVerifier.Tolerance:0e+0}), ");
                    output.WriteLine($"{(verification.Passed ? "PASS" : "FAIL")} {model.Id} [{verification.Method}, {verification.Cases.Count} inputs] {worst}{verification.Summary}");
                }
            }

            var report = new VerificationReport(verifications);
            if (json)
            {
                output.WriteLine(report.ToJson());
            }

            return report.Passed ? 0 : 1;
        }));
        return command;
    }

    private static Command Quantize()
    {
        Option<string> catalogOption = CatalogOption();
        Option<string> storeOption = StoreOption();
        Option<bool> jsonOption = JsonOption();
        var recipeOption = new Option<string>("--recipe") { Description = "The model's recipe, quantization/<model>.json.", Required = true };
        var sensitivityOption = new Option<bool>("--sensitivity") { Description = "Instead of writing the variant, print the held-out fidelity with each quantized node kept float in turn (to choose what a recipe keeps float)." };
        var reportsOption = new Option<string>("--reports") { Description = "Folder for <model>.md and <model>.json (default: reports/ beside the recipe)." };
        var command = new Command(
            "quantize",
            "Build a model's INT8 variant as its recipe says: static (QDQ, calibrated on the sample media) or, with \"mode\": \"dynamic\", dynamic (activations quantized at run time); measure it against fp32 (fidelity on held-out inputs, speed in this process) and write the report.")
        {
            recipeOption, catalogOption, storeOption, reportsOption, sensitivityOption, jsonOption,
        };
        command.SetAction(result => Run(() =>
        {
            string recipePath = result.GetValue(recipeOption)!;
            QuantizationRecipe recipe = QuantizationRecipe.Load(recipePath);
            string catalogFolder = EdgeMerPaths.Catalog(result.GetValue(catalogOption));
            ModelCatalog catalog = ModelCatalog.Load(catalogFolder);
            ModelDescription model = catalog.Find(recipe.Model);
            ModelStoreBuilder store = Store(result.GetValue(storeOption));
            CheckBuilt(store, model);
            using ILoggerFactory loggerFactory = StderrLogging();
            InferenceEnvironment runtime = InferenceEnvironment.Initialize(new InferenceEnvironmentOptions(), loggerFactory);
            string sampleMedia = Path.Combine(Path.GetFullPath(catalogFolder), "sample-media");
            // Iris reads eye crops, cut where the face mesh finds the eyes; the dynamic recipes' voice model reads the sample sound.
            using EyeRegionFinder? eyes = model.Task == ModelTask.EyeLandmarks ? FaceMeshEyes(runtime, catalog, store) : null;
            var quantization = new ModelQuantization(runtime, new CalibrationInputs(sampleMedia) { Eyes = eyes });
            DynamicModelQuantization? dynamic = recipe.Mode == QuantizationMode.Dynamic ? new DynamicModelQuantization(runtime, new AudioInputs(sampleMedia)) : null;
            if (result.GetValue(sensitivityOption))
            {
                var request = new QuantizationRequest { Model = model, Recipe = recipe, RecipeDisplayPath = recipePath, Fp32Path = store.ModelPath(model.Id), Now = DateTimeOffset.UtcNow };
                foreach (NodeSensitivity node in dynamic?.Sensitivity(request) ?? quantization.Sensitivity(request))
                {
                    var figures = new List<string>();
                    foreach (var figure in node.Fidelity)
                    {
                        figures.Add(string.Create(CultureInfo.InvariantCulture, $"{figure.Name} {figure.Value:0.####}"));
                    }

                    result.InvocationConfiguration.Output.WriteLine($"{node.Kind,-14} {node.Node}: {string.Join("; ", figures)}");
                }

                return 0;
            }

            var quantizeRequest = new QuantizationRequest
            {
                Model = model,
                Recipe = recipe,
                RecipeDisplayPath = RecipeDisplayPath(catalogFolder, recipePath),
                Fp32Path = store.ModelPath(model.Id),
                Now = DateTimeOffset.UtcNow,
            };
            QuantizationResult outcome = dynamic?.Run(quantizeRequest) ?? quantization.Run(quantizeRequest);
            ModelIndexEntry entry = store.AddVariant(model.Id, "int8", outcome.Variant, VariantSource(outcome.Report.Fp32Sha256, recipePath));
            string reports = ReportsFolder(result.GetValue(reportsOption), recipePath);
            string json = outcome.Report.ToJson();
            WriteReports(reports, model.Id, outcome.Report.ToMarkdown(), json);
            TextWriter output = result.InvocationConfiguration.Output;
            if (result.GetValue(jsonOption))
            {
                output.WriteLine(json);
                return 0;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model.Id}: wrote {entry.File} ({entry.Bytes:N0} B, sha256 {entry.Sha256}); {outcome.Report.SpeedUp:0.00}x fp32's speed, {outcome.Report.SizeRatio:0.00}x smaller"));
            foreach (var figure in outcome.Report.Chosen.Fidelity)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {figure.Name}: {figure.Value:0.####} {figure.Unit}{(figure.Met ? "" : " (target missed)")}"));
            }

            foreach (string missed in outcome.Report.MissedTargets())
            {
                output.WriteLine("  missed: " + missed);
            }

            output.WriteLine($"  report: {Path.Combine(reports, model.Id + ".md")}");
            return 0;
        }));
        return command;
    }

    /// <summary>Turns the errors users cause (bad manifest, bad model, missing file) into one line on stderr and exit code 1.</summary>
    private static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ModelManifestException or TfJsImportException or OnnxModelException or OnnxRuntimeException
            or QuantizationRecipeException or UnsupportedGraphException
            or OnnxRuntimeLibraryNotFoundException or IOException or InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"edgemer models: {e.Message}");
            return 1;
        }
    }

    private static EyeRegionFinder FaceMeshEyes(InferenceEnvironment runtime, ModelCatalog catalog, ModelStoreBuilder store)
    {
        ModelDescription mesh = catalog.Models.FirstOrDefault(m => m.Task == ModelTask.FaceLandmarks)
            ?? throw new InvalidOperationException("the catalog has no face mesh model to find the eyes with");
        if (store.Find(mesh.Id) is null)
        {
            throw new InvalidOperationException($"model '{mesh.Id}' (which finds the eyes for the eye crops) is not built in {store.Folder}; run edgemer models fetch first");
        }

        return EyeRegionFinder.Load(runtime, mesh, store.ModelPath(mesh.Id));
    }

    private static ModelStoreBuilder Store(string? folder) =>
        new(folder ?? EdgeMerPaths.ModelStore, Path.Combine(EdgeMerPaths.Cache, "npm"));

    /// <summary>An error when the store has not built <paramref name="model"/>, which a recipe is applied to.</summary>
    private static void CheckBuilt(ModelStoreBuilder store, ModelDescription model)
    {
        if (store.Find(model.Id) is null)
        {
            throw new InvalidOperationException($"model '{model.Id}' is not built in {store.Folder}; run edgemer models fetch first");
        }
    }

    /// <summary>Logs go to stderr (warnings and worse), so stdout holds only the command's output (a JSON document with --json).</summary>
    private static ILoggerFactory StderrLogging() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Warning)
        .AddSimpleConsole(console => console.SingleLine = true)
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

    /// <summary>The recipe's path as the reports name it: relative to the repository that holds the catalog.</summary>
    private static string RecipeDisplayPath(string catalogFolder, string recipePath)
    {
        string repository = Path.GetDirectoryName(Path.GetFullPath(catalogFolder))!;
        return Path.GetRelativePath(repository, Path.GetFullPath(recipePath));
    }

    /// <summary>What the store records a variant as built from: the fp32 file's sha256 and the recipe file's, hashed together.</summary>
    private static string VariantSource(string fp32Sha256, string recipePath) =>
        EdgeMer.Models.Catalog.ModelStore.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(
            fp32Sha256 + "\n" + EdgeMer.Models.Catalog.ModelStore.Sha256Hex(File.ReadAllBytes(recipePath))));

    /// <summary>The folder for a recipe's reports (the --reports option, or reports/ beside the recipe), created.</summary>
    private static string ReportsFolder(string? option, string recipePath)
    {
        string reports = option ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(recipePath))!, "reports");
        Directory.CreateDirectory(reports);
        return reports;
    }

    /// <summary>Writes a report as <paramref name="name"/>.md and <paramref name="name"/>.json in <paramref name="folder"/>.</summary>
    private static void WriteReports(string folder, string name, string markdown, string json)
    {
        EdgeMer.Platform.AtomicFile.WriteText(Path.Combine(folder, name + ".md"), markdown);
        EdgeMer.Platform.AtomicFile.WriteText(Path.Combine(folder, name + ".json"), json + Environment.NewLine);
    }
}
