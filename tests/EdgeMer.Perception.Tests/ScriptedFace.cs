using EdgeMer.Perception.Face;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// Landmarks made by hand for the temporal logic: a head of unit size at the origin whose eye lids,
/// lips and rotation a script sets, written at the 478 indices the measurements read.
/// </summary>
internal sealed class ScriptedFace
{
    private readonly float[] _points = new float[FaceMeshIndices.Count * 3];

    /// <summary>Eye aspect ratio of both eyes.</summary>
    public float EyeRatio { get; set; } = 0.3f;

    /// <summary>Inner-lip gap over mouth width.</summary>
    public float Mouth { get; set; } = 0.05f;

    public float YawDegrees { get; set; }

    public float PitchDegrees { get; set; }

    /// <summary>The landmarks for the current settings, in pixels of a 200-pixel face centred at (320, 240).</summary>
    public ReadOnlySpan<float> Points()
    {
        // Head axes: x to the image's right, y down, z away from the camera (as FaceMesh's).
        Set(FaceMeshIndices.ForeheadTop, 0, -1, 0);
        Set(FaceMeshIndices.Chin, 0, 1, 0);
        Set(FaceMeshIndices.RightCheek, -0.8f, 0, 0.3f);
        Set(FaceMeshIndices.LeftCheek, 0.8f, 0, 0.3f);
        Eye(-0.45f, [33, 133, 160, 158, 144, 153]);
        Eye(0.45f, [263, 362, 385, 387, 380, 373]);
        float width = 0.5f;
        Set(FaceMeshIndices.MouthRight, -width / 2, 0.5f, 0);
        Set(FaceMeshIndices.MouthLeft, width / 2, 0.5f, 0);
        Set(FaceMeshIndices.UpperLipInner, 0, 0.5f - (Mouth * width / 2), 0);
        Set(FaceMeshIndices.LowerLipInner, 0, 0.5f + (Mouth * width / 2), 0);
        return _points;
    }

    private void Eye(float centerX, int[] indices)
    {
        // Outer and inner corner, two upper and two lower lid points: lid gap = ratio × width.
        const float width = 0.3f;
        float half = EyeRatio * width / 2;
        float outer = centerX < 0 ? centerX - (width / 2) : centerX + (width / 2);
        float inner = centerX < 0 ? centerX + (width / 2) : centerX - (width / 2);
        Set(indices[0], outer, -0.3f, 0);
        Set(indices[1], inner, -0.3f, 0);
        Set(indices[2], centerX - 0.05f, -0.3f - half, 0);
        Set(indices[3], centerX + 0.05f, -0.3f - half, 0);
        Set(indices[4], centerX - 0.05f, -0.3f + half, 0);
        Set(indices[5], centerX + 0.05f, -0.3f + half, 0);
    }

    private void Set(int index, float x, float y, float z)
    {
        // Pitch turns about x (chin towards the camera's... down for positive), then yaw about y.
        float pitch = PitchDegrees * MathF.PI / 180, yaw = YawDegrees * MathF.PI / 180;
        float y1 = (y * MathF.Cos(pitch)) - (z * MathF.Sin(pitch));
        float z1 = (y * MathF.Sin(pitch)) + (z * MathF.Cos(pitch));
        float x2 = (x * MathF.Cos(yaw)) + (z1 * MathF.Sin(yaw));
        float z2 = (-x * MathF.Sin(yaw)) + (z1 * MathF.Cos(yaw));
        _points[3 * index] = 320 + (100 * x2);
        _points[(3 * index) + 1] = 240 + (100 * y1);
        _points[(3 * index) + 2] = 100 * z2;
    }
}
