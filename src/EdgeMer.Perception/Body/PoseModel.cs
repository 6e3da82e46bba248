using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception.Body;

/// <summary>
/// The catalog's MoveNet SinglePose Lightning, loaded from the model store: its description, its session
/// and the input format its manifest gives (192x192 RGB, int32 pixel values).
/// </summary>
public sealed class PoseModel : IDisposable
{
    /// <summary>The catalog id of the single-person pose model.</summary>
    public const string LightningId = "movenet-lightning";

    private PoseModel(ModelDescription description, InferenceSession session)
    {
        Description = description;
        Session = session;
        ModelInput input = description.Inputs[0];
        InputName = input.Name;
        Input = ModelInputFormat.For(input);
        if (description.Outputs.Count != 1)
        {
            throw new ModelManifestException(description.ManifestPath, "outputs", $"the pose model has one output of 17 keypoints; the manifest lists {description.Outputs.Count}");
        }

        OutputName = description.Outputs[0].Name;
        bool found = false;
        foreach (TensorInfo output in session.Outputs)
        {
            found |= output.Name == OutputName;
        }

        if (!found)
        {
            throw new InvalidOperationException($"model '{description.Id}' ({session.ModelName}) has no output '{OutputName}'");
        }
    }

    public ModelDescription Description { get; }

    public InferenceSession Session { get; }

    public string InputName { get; }

    public string OutputName { get; }

    /// <summary>The image input as the manifest describes it.</summary>
    public ModelInputFormat Input { get; }

    /// <summary>
    /// Loads MoveNet Lightning's built file (<paramref name="variant"/>, fp32 by default) from
    /// <paramref name="store"/>, only with the sha256 its index recorded.
    /// </summary>
    /// <exception cref="ModelManifestException">The model is not in the catalog or not built; the message says how to build it.</exception>
    public static PoseModel Load(InferenceEnvironment environment, ModelCatalog catalog, ModelStore store, InferenceSessionOptions? options = null, string variant = "fp32")
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(store);
        ModelDescription description = catalog.Find(LightningId);
        VerifiedModel file = store.ReadVariant(description, variant);
        InferenceSession session = InferenceSession.Load(environment, file.Bytes, $"{LightningId} ({variant})", options);
        try
        {
            return new PoseModel(description, session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Dispose() => Session.Dispose();
}
