namespace EdgeMer.Perception.Face;

/// <summary>
/// How far a face observation can be trusted, 0 to 1: the product of its size (a face under
/// <see cref="SmallFace"/> pixels wide scores 0, one of <see cref="GoodFace"/> or more 1; FER2013's faces
/// were 48 pixels), its sharpness (the crop's Laplacian variance, 0 at or below <see cref="Blurred"/>,
/// 1 at or above <see cref="Sharp"/>) and FaceMesh's face flag.
/// </summary>
public static class FaceQuality
{
    public const float SmallFace = 16f, GoodFace = 48f;

    /// <summary>Laplacian variances (grey levels²) of the 64x64 crop: a face blurred beyond recognising details, and one in focus.</summary>
    public const float Blurred = 15f, Sharp = 60f;

    /// <summary>The quality of a face <paramref name="faceWidth"/> pixels wide with crop <paramref name="sharpness"/> and face flag <paramref name="meshScore"/>.</summary>
    public static float Of(float faceWidth, float sharpness, float meshScore)
    {
        float size = Math.Clamp((faceWidth - SmallFace) / (GoodFace - SmallFace), 0f, 1f);
        // NaN: sharpness was not measured (no emotion stage); quality rests on size and landmarks.
        float sharp = float.IsNaN(sharpness) ? 1f : Math.Clamp((sharpness - Blurred) / (Sharp - Blurred), 0f, 1f);
        float flag = float.IsFinite(meshScore) ? Math.Clamp(meshScore, 0f, 1f) : 0f;
        float quality = size * sharp * flag;
        return float.IsFinite(quality) ? quality : 0f;
    }
}
