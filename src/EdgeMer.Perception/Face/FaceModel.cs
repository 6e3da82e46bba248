using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception.Face;

/// <summary>One of the face pipeline's models: its manifest, its loaded session and the input format its manifest gives.</summary>
public sealed class FaceModel : IDisposable
{
    internal FaceModel(ModelManifest manifest, InferenceSession session)
    {
        Manifest = manifest;
        Session = session;
        ManifestInput input = manifest.Inputs![0];
        InputName = input.Name!;
        Input = FormatOf(input);
    }

    public ModelManifest Manifest { get; }

    public InferenceSession Session { get; }

    /// <summary>The name of the image input.</summary>
    public string InputName { get; }

    /// <summary>The image input as the manifest describes it.</summary>
    public ModelInputFormat Input { get; }

    /// <summary>The manifest's output name for <paramref name="name"/>, checked to exist in the model.</summary>
    internal string Output(string name)
    {
        foreach (TensorInfo output in Session.Outputs)
        {
            if (output.Name == name)
            {
                return name;
            }
        }

        throw new InvalidOperationException($"model '{Manifest.Id}' ({Session.ModelName}) has no output '{name}'");
    }

    /// <summary>
    /// The format of a manifest's image input: the one reading of layout, colour order, element type,
    /// shape and normalisation that the pipelines and the model verification share.
    /// </summary>
    public static ModelInputFormat FormatOf(ManifestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Span<long> shape = stackalloc long[input.Shape?.Count ?? 0];
        for (int i = 0; i < shape.Length; i++)
        {
            // A symbolic dimension ("batch") is not read by the format; any number stands for it.
            shape[i] = input.Shape![i].ValueKind == System.Text.Json.JsonValueKind.Number ? input.Shape[i].GetInt64() : -1;
        }

        return ModelInputFormat.FromManifest(input.Layout, input.ColorOrder, input.Dtype, shape, input.Normalization?.Scale, input.Normalization?.Offset);
    }

    public void Dispose() => Session.Dispose();
}
