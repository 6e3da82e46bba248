using EdgeMer.Inference;

namespace EdgeMer.Runtime;

/// <summary>A catalogued model with its session, ready to run.</summary>
/// <param name="Id">The catalog id (for example <c>emotion</c>).</param>
/// <param name="Sha256">The sha256 of the model file the session was created from.</param>
/// <param name="Session">The ONNX Runtime session.</param>
public sealed record LoadedModel(string Id, string Sha256, InferenceSession Session);
