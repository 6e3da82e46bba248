using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Face;
using EdgeMer.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// The face models ./build.sh built into the store, each checked against the sha256 its index recorded,
/// loaded once per run into the one ONNX Runtime environment of the process.
/// </summary>
public sealed class FaceModelsFixture : IDisposable
{
    public FaceModelsFixture()
    {
        Catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models"));
        Store = new ModelStore(Path.Combine(RepoPaths.Cache, "models"));
        Environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions { LogId = "edgemer-perception-tests" }, NullLoggerFactory.Instance);
        Models = FaceModels.Load(Environment, Catalog, Store, new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 });
    }

    public ModelCatalog Catalog { get; }

    public ModelStore Store { get; }

    public InferenceEnvironment Environment { get; }

    public FaceModels Models { get; }

    public static string SampleMedia => Path.Combine(RepoPaths.Root, "models", "sample-media");

    public static RgbImage Photo(string name) => ImageFile.Decode(Path.Combine(SampleMedia, name));

    /// <summary>A pipeline that reads every model on every frame (a still photograph is one frame).</summary>
    public FacePipeline Pipeline(FacePipelineOptions? options = null) => new(Models, options ?? new FacePipelineOptions
    {
        DetectionInterval = TimeSpan.Zero,
        EmotionInterval = TimeSpan.Zero,
    });

    public void Dispose() => Models.Dispose();
}
