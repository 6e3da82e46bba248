using EdgeMer.Inference;
using EdgeMer.Models.Catalog;

namespace EdgeMer.Runtime;

/// <summary>A catalogued model with its session, ready to run.</summary>
/// <param name="Description">What the model is and how it is fed (its manifest).</param>
/// <param name="Sha256">The sha256 of the model file the session was created from: its version.</param>
/// <param name="Session">The ONNX Runtime session.</param>
/// <param name="Variant">Which built variant runs (<c>fp32</c>, <c>int8</c>), as the device profile chose.</param>
public sealed record LoadedModel(ModelDescription Description, string Sha256, InferenceSession Session, string Variant = "fp32")
{
    /// <summary>The catalog id (for example <c>emotion</c>).</summary>
    public string Id => Description.Id;
}
