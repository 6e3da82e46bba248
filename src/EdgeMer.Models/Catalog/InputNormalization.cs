namespace EdgeMer.Models.Catalog;

/// <summary>
/// How a sample becomes an input value: <c>value = sample * Scale + Offset</c>, where a sample is a
/// 0..255 pixel (after the colour conversion the input's colour order asks for) or a -1..1 audio sample.
/// </summary>
/// <param name="Scale">The factor.</param>
/// <param name="Offset">The offset added after scaling.</param>
/// <param name="Description">How the model's publisher feeds it, in words, with the source.</param>
public readonly record struct InputNormalization(double Scale, double Offset, string Description);
