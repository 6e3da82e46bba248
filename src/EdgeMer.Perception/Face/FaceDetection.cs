using System.Runtime.CompilerServices;

namespace EdgeMer.Perception.Face;

/// <summary>
/// One face BlazeFace found, in image pixels: its box, score and six keypoints (the eyes as seen
/// (image-left first), nose tip, mouth centre, the ears as seen).
/// </summary>
public struct FaceDetection
{
    /// <summary>How many keypoints BlazeFace gives.</summary>
    public const int KeypointCount = 6;

    private Keypoints _keypoints;

    public FaceBox Box { get; set; }

    /// <summary>Detector confidence, 0 to 1 (sigmoid of the score logit).</summary>
    public float Score { get; set; }

    /// <summary>Keypoint <paramref name="index"/> (x, y) in image pixels.</summary>
    public readonly (float X, float Y) Keypoint(int index) => (_keypoints[2 * index], _keypoints[(2 * index) + 1]);

    internal void SetKeypoint(int index, float x, float y)
    {
        _keypoints[2 * index] = x;
        _keypoints[(2 * index) + 1] = y;
    }

    [InlineArray(2 * KeypointCount)]
    private struct Keypoints
    {
        private float _element;
    }
}
