using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Testing;

namespace EdgeMer.Models.Tooling.Tests;

/// <summary>
/// The catalog built once per test run: uses what ./build.sh already built into the cache when this
/// very build of the importer made it from unchanged sources (ModelStore compares
/// <see cref="Import.TfJs.TfJsImporter.ConverterVersion"/>), and builds what is missing or stale. The
/// store's lock keeps builds from other processes sharing the cache from interleaving with this one.
/// </summary>
public sealed class BuiltModels
{
    public BuiltModels()
    {
        Catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models"));
        Store = new ModelStoreBuilder(Path.Combine(RepoPaths.Cache, "models"), Path.Combine(RepoPaths.Cache, "npm"));
        BuildReport = Store.Build(Catalog);
        Environment = new ReferenceEnvironment { RepositoryRoot = RepoPaths.Root, NpmRoot = Path.Combine(RepoPaths.Cache, "npm") };
        Runner = new OnnxRuntimeModelRunner(InferenceEnvironment.Initialize(
            new InferenceEnvironmentOptions { LogId = "edgemer-models-tests" }, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
    }

    /// <summary>Runs converted models through EdgeMer's ONNX Runtime binding (the one environment of the test process).</summary>
    public OnnxRuntimeModelRunner Runner { get; }

    public ModelCatalog Catalog { get; }

    public ModelStoreBuilder Store { get; }

    public IReadOnlyList<string> BuildReport { get; }

    public ReferenceEnvironment Environment { get; }
}
