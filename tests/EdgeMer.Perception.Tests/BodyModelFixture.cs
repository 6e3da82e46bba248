using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Body;
using EdgeMer.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Perception.Tests;

/// <summary>MoveNet Lightning as ./build.sh built it into the store, checked against its recorded sha256, loaded once per run.</summary>
public sealed class BodyModelFixture : IDisposable
{
    public BodyModelFixture()
    {
        var catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models"));
        var store = new ModelStore(Path.Combine(RepoPaths.Cache, "models"));
        InferenceEnvironment environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions { LogId = "edgemer-perception-tests" }, NullLoggerFactory.Instance);
        Model = PoseModel.Load(environment, catalog, store, new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 });
    }

    public PoseModel Model { get; }

    public void Dispose() => Model.Dispose();
}

/// <summary>The tests that share the loaded pose model.</summary>
[CollectionDefinition(Name)]
public sealed class BodyModelGroup : ICollectionFixture<BodyModelFixture>
{
    public const string Name = "body model";
}
