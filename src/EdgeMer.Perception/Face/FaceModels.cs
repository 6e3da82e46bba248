using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception.Face;

/// <summary>
/// The four catalogued models the face pipeline runs, loaded from the model store: the BlazeFace
/// detector, FaceMesh, Iris and the FER emotion classifier, with the emotion model's label mapping.
/// </summary>
public sealed class FaceModels : IDisposable
{
    /// <summary>The catalog ids of the models, in the order the pipeline runs them.</summary>
    public const string DetectorId = "blazeface-back", MeshId = "facemesh", IrisId = "iris", EmotionId = "emotion";

    private FaceModels(FaceModel detector, FaceModel mesh, FaceModel iris, FaceModel emotion)
    {
        Detector = detector;
        Mesh = mesh;
        Iris = iris;
        Emotion = emotion;
        if (!emotion.Description.EstimatesEmotion)
        {
            throw new ModelManifestException(emotion.Description.ManifestPath, "emotionMapping", "the face pipeline's emotion model needs labels mapped onto the shared emotion labels");
        }
    }

    public FaceModel Detector { get; }

    public FaceModel Mesh { get; }

    public FaceModel Iris { get; }

    public FaceModel Emotion { get; }

    /// <summary>
    /// Loads the four models' built files from <paramref name="store"/>, each only with the sha256 its
    /// index recorded, with the descriptions of <paramref name="catalog"/>: the fp32 files, or the
    /// variant <paramref name="variantOf"/> names for a model id (a device profile's choice, such as
    /// the emotion model's int8). Each session uses <paramref name="options"/> (default: ONNX Runtime's).
    /// </summary>
    /// <param name="sharing">A running set loaded from the same store whose sessions this one shares where it loads the same variant (the degradation ladder swapping in one model's lighter variant loads that one alone); null to load all four.</param>
    /// <exception cref="ModelManifestException">A model is not in the catalog or not built; the message says how to build it.</exception>
    public static FaceModels Load(InferenceEnvironment environment, ModelCatalog catalog, ModelStore store, InferenceSessionOptions? options = null, Func<string, string>? variantOf = null, FaceModels? sharing = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(store);
        var loaded = new List<FaceModel>(4);
        try
        {
            foreach (string id in (string[])[DetectorId, MeshId, IrisId, EmotionId])
            {
                ModelDescription description = catalog.Find(id);
                string variant = variantOf?.Invoke(id) ?? "fp32";
                if (sharing?.Of(id) is { } running && running.Variant == variant)
                {
                    loaded.Add(running.Share());
                    continue;
                }

                VerifiedModel file = store.ReadVariant(description, variant);
                loaded.Add(new FaceModel(description, variant, InferenceSession.Load(environment, file.Bytes, $"{id} ({variant})", options)));
            }

            return new FaceModels(loaded[0], loaded[1], loaded[2], loaded[3]);
        }
        catch
        {
            foreach (FaceModel model in loaded)
            {
                model.Dispose();
            }

            throw;
        }
    }

    private FaceModel Of(string id) => id switch
    {
        DetectorId => Detector,
        MeshId => Mesh,
        IrisId => Iris,
        _ => Emotion,
    };

    public void Dispose()
    {
        Detector.Dispose();
        Mesh.Dispose();
        Iris.Dispose();
        Emotion.Dispose();
    }
}
