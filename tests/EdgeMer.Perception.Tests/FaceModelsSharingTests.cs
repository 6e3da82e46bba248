using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Perception.Face;
using EdgeMer.Testing;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// A set of face models loaded beside a running one for another variant of one model (the degradation
/// ladder's lighter-models rung) loads that model alone and shares the running set's other sessions,
/// which stay loaded until both sets are disposed.
/// </summary>
[Collection(FaceModelsGroup.Name)]
public sealed class FaceModelsSharingTests(FaceModelsFixture fixture) : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"edgemer-face-sharing-{Guid.NewGuid():N}");

    [Fact]
    public void A_set_loaded_for_another_emotion_variant_shares_the_other_sessions_which_outlive_the_running_set()
    {
        ModelStore store = StoreWithEmotionInt8();
        var options = new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        FaceModels running = FaceModels.Load(fixture.Environment, fixture.Catalog, store, options);
        using FaceModels lighter = FaceModels.Load(
            fixture.Environment, fixture.Catalog, store, options, id => id == FaceModels.EmotionId ? "int8" : ModelStore.Fp32, sharing: running);

        Assert.Same(running.Detector.Session, lighter.Detector.Session);
        Assert.Same(running.Mesh.Session, lighter.Mesh.Session);
        Assert.Same(running.Iris.Session, lighter.Iris.Session);
        Assert.NotSame(running.Emotion.Session, lighter.Emotion.Session);
        Assert.Equal("int8", lighter.Emotion.Variant);
        Assert.Equal(ModelStore.Fp32, lighter.Mesh.Variant);

        // The running set goes once the stages have switched; the shared sessions still read faces.
        running.Dispose();
        using FacePipeline pipeline = new(lighter, new FacePipelineOptions { DetectionInterval = TimeSpan.Zero, EmotionInterval = TimeSpan.Zero });
        FaceFrameResult result = pipeline.Process(FaceModelsFixture.Photo("portrait-woman.jpg").View, TimeSpan.Zero, 0);
        Assert.NotNull(SampleFaceTests.Faces(result).Single().Observation.Emotions);
    }

    public void Dispose()
    {
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }

    /// <summary>A store of the four face models and the emotion model's fp32 bytes as its int8 variant (what is checked is which file is loaded).</summary>
    private ModelStore StoreWithEmotionInt8()
    {
        Directory.CreateDirectory(_store);
        foreach (string id in (string[])[FaceModels.DetectorId, FaceModels.MeshId, FaceModels.IrisId, FaceModels.EmotionId])
        {
            string source = fixture.Store.ModelPath(id);
            File.Copy(source, Path.Combine(_store, Path.GetFileName(source)));
        }

        var builder = new ModelStoreBuilder(_store, Path.Combine(RepoPaths.Cache, "npm"));
        File.Copy(fixture.Store.IndexPath, builder.IndexPath);
        builder.AddVariant(FaceModels.EmotionId, "int8", File.ReadAllBytes(fixture.Store.ModelPath(FaceModels.EmotionId)), "test");
        return new ModelStore(_store);
    }
}
