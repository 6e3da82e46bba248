using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception.Face;

/// <summary>
/// One of the face pipeline's models: its description, its loaded session and the input format its
/// manifest gives. Several <see cref="FaceModels"/> may hold one (a set loaded beside a running one
/// shares the sessions whose variant it keeps); the session is released with the last holder.
/// </summary>
public sealed class FaceModel : IDisposable
{
    private int _holders = 1;

    internal FaceModel(ModelDescription description, string variant, InferenceSession session)
    {
        Description = description;
        Variant = variant;
        Session = session;
        ModelInput input = description.Inputs[0];
        InputName = input.Name;
        Input = ModelInputFormat.For(input);
    }

    /// <summary>What the model is and how it is fed (its manifest).</summary>
    public ModelDescription Description { get; }

    public InferenceSession Session { get; }

    /// <summary>The variant loaded (<c>fp32</c>, <c>int8</c>, <c>pruned</c>).</summary>
    public string Variant { get; }

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

        throw new InvalidOperationException($"model '{Description.Id}' ({Session.ModelName}) has no output '{name}'");
    }

    /// <summary>One more holder: the session stays loaded until each has disposed the model.</summary>
    internal FaceModel Share()
    {
        Interlocked.Increment(ref _holders);
        return this;
    }

    public void Dispose()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
        {
            Session.Dispose();
        }
    }
}
