using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Body;
using EdgeMer.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Perception.Tests;

/// <summary>The pose models (MoveNet Lightning, MoveNet MultiPose, BlazePose Lite) as ./build.sh built them into the store, checked against their recorded sha256, loaded once per run.</summary>
public sealed class BodyModelFixture : IDisposable
{
    public BodyModelFixture()
    {
        var catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models"));
        var store = new ModelStore(Path.Combine(RepoPaths.Cache, "models"));
        InferenceEnvironment environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions { LogId = "edgemer-perception-tests" }, NullLoggerFactory.Instance);
        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        Model = PoseModel.Load(environment, catalog, store, options);
        MultiPose = PoseModel.Load(environment, catalog, store, options, id: PoseModel.MultiPoseId);
        BlazePose = PoseModel.Load(environment, catalog, store, options, id: PoseModel.BlazePoseLiteId);
    }

    /// <summary>MoveNet SinglePose Lightning.</summary>
    public PoseModel Model { get; }

    public PoseModel MultiPose { get; }

    public PoseModel BlazePose { get; }

    public PoseModel ById(string id) => id switch
    {
        PoseModel.MultiPoseId => MultiPose,
        PoseModel.BlazePoseLiteId => BlazePose,
        _ => Model,
    };

    public void Dispose()
    {
        Model.Dispose();
        MultiPose.Dispose();
        BlazePose.Dispose();
    }
}

/// <summary>The tests that share the loaded pose model.</summary>
[CollectionDefinition(Name)]
public sealed class BodyModelGroup : ICollectionFixture<BodyModelFixture>
{
    public const string Name = "body model";
}
