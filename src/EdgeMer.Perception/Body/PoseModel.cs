using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception.Body;

/// <summary>
/// One of the catalog's pose models, loaded from the model store: its description, its session, what
/// kind it is (<see cref="PoseModelKind"/>) and the input format its manifest gives. MoveNet SinglePose
/// Lightning (<c>movenet-lightning</c>, 192x192, int32 pixels), MoveNet MultiPose Lightning
/// (<c>movenet-multipose</c>, 256x256, int32 pixels) and BlazePose Lite (<c>blazepose-lite</c>, 256x256,
/// pixels / 255).
/// </summary>
public sealed class PoseModel : IDisposable
{
    /// <summary>The catalog id of the single-person MoveNet model.</summary>
    public const string LightningId = "movenet-lightning";

    /// <summary>The catalog id of the several-people MoveNet model.</summary>
    public const string MultiPoseId = "movenet-multipose";

    /// <summary>The catalog id of BlazePose Lite (33 keypoints with heels and toes).</summary>
    public const string BlazePoseLiteId = "blazepose-lite";

    /// <summary>The pose models EdgeMer can read, by catalog id.</summary>
    public static IReadOnlyList<string> Ids { get; } = [LightningId, MultiPoseId, BlazePoseLiteId];

    private PoseModel(ModelDescription description, InferenceSession session, PoseModelKind kind)
    {
        Description = description;
        Session = session;
        Kind = kind;
        ModelInput input = description.Inputs[0];
        InputName = input.Name;
        Input = ModelInputFormat.For(input);
        int expected = kind == PoseModelKind.BlazePose ? 2 : 1;
        if (description.Outputs.Count != expected)
        {
            throw new ModelManifestException(description.ManifestPath, "outputs", $"the pose model '{description.Id}' has {expected} output(s); the manifest lists {description.Outputs.Count}");
        }

        OutputName = description.Outputs[0].Name;
        FlagOutputName = kind == PoseModelKind.BlazePose ? description.Outputs[1].Name : null;
        foreach (ModelOutput output in description.Outputs)
        {
            bool found = false;
            foreach (TensorInfo info in session.Outputs)
            {
                found |= info.Name == output.Name;
            }

            if (!found)
            {
                throw new InvalidOperationException($"model '{description.Id}' ({session.ModelName}) has no output '{output.Name}'");
            }
        }
    }

    public ModelDescription Description { get; }

    public InferenceSession Session { get; }

    public PoseModelKind Kind { get; }

    public string InputName { get; }

    /// <summary>The keypoints output (MoveNet's keypoints or people, BlazePose's landmarks).</summary>
    public string OutputName { get; }

    /// <summary>BlazePose's person flag output; null for MoveNet.</summary>
    public string? FlagOutputName { get; }

    /// <summary>The image input as the manifest describes it.</summary>
    public ModelInputFormat Input { get; }

    /// <summary>The kind of pose model the catalog id <paramref name="id"/> names; null for an id that is not a pose model EdgeMer reads.</summary>
    public static PoseModelKind? KindOf(string id) => id switch
    {
        LightningId => PoseModelKind.SinglePose,
        MultiPoseId => PoseModelKind.MultiPose,
        BlazePoseLiteId => PoseModelKind.BlazePose,
        _ => null,
    };

    /// <summary>
    /// Loads the pose model <paramref name="id"/> (MoveNet Lightning by default) in its built
    /// <paramref name="variant"/> (fp32 by default) from <paramref name="store"/>, only with the sha256 its index recorded.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not one of <see cref="Ids"/>.</exception>
    /// <exception cref="ModelManifestException">The model is not in the catalog or not built; the message says how to build it.</exception>
    public static PoseModel Load(InferenceEnvironment environment, ModelCatalog catalog, ModelStore store, InferenceSessionOptions? options = null, string variant = "fp32", string id = LightningId)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(store);
        PoseModelKind kind = KindOf(id) ?? throw new ArgumentException($"'{id}' is not a pose model EdgeMer reads; allowed are {string.Join(", ", Ids)}", nameof(id));
        ModelDescription description = catalog.Find(id);
        VerifiedModel file = store.ReadVariant(description, variant);
        InferenceSession session = InferenceSession.Load(environment, file.Bytes, $"{id} ({variant})", options);
        try
        {
            return new PoseModel(description, session, kind);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Dispose() => Session.Dispose();
}
