using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Perception.Face;

/// <summary>One of the face pipeline's models: its description, its loaded session and the input format its manifest gives.</summary>
public sealed class FaceModel : IDisposable
{
    internal FaceModel(ModelDescription description, InferenceSession session)
    {
        Description = description;
        Session = session;
        ModelInput input = description.Inputs[0];
        InputName = input.Name;
        Input = ModelInputFormat.For(input);
    }

    /// <summary>What the model is and how it is fed (its manifest).</summary>
    public ModelDescription Description { get; }

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

        throw new InvalidOperationException($"model '{Description.Id}' ({Session.ModelName}) has no output '{name}'");
    }

    public void Dispose() => Session.Dispose();
}
