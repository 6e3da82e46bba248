using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Voice;
using EdgeMer.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Perception.Tests;

/// <summary>Silero VAD as ./build.sh built it into the store (checked against its recorded sha256), loaded once per run.</summary>
public sealed class VoiceModelsFixture
{
    public VoiceModelsFixture()
    {
        Catalog = ModelCatalog.Load(Path.Combine(RepoPaths.Root, "models"));
        Store = new ModelStore(Path.Combine(RepoPaths.Cache, "models"));
        Environment = InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions { LogId = "edgemer-perception-tests" }, NullLoggerFactory.Instance);
    }

    public ModelCatalog Catalog { get; }

    public ModelStore Store { get; }

    public InferenceEnvironment Environment { get; }

    /// <summary>A new stream of the model (each test its own, so states never mix).</summary>
    public SileroVoiceActivityModel Vad() =>
        SileroVoiceActivityModel.Load(Environment, Catalog, Store, new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 });
}
