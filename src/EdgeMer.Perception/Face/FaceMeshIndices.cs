namespace EdgeMer.Perception.Face;

/// <summary>
/// Indices into the 478 face landmarks: FaceMesh's 468 (MediaPipe's numbering) then five iris points
/// per eye (468–472 the person's left eye, 473–477 the right, as Human appends them). "Left" and
/// "right" are the person's own: the right eye appears on the image's left.
/// </summary>
public static class FaceMeshIndices
{
    /// <summary>All landmarks: the mesh's 468 and the two irises' 5 each.</summary>
    public const int Count = 478;

    /// <summary>The mesh's own landmarks.</summary>
    public const int MeshCount = 468;

    public const int LeftIrisCenter = 468, RightIrisCenter = 473;

    /// <summary>Forehead top, chin, and the cheek edges (the person's right, then left): the axes of the head pose.</summary>
    public const int ForeheadTop = 10, Chin = 152, RightCheek = 234, LeftCheek = 454;

    /// <summary>Inner lips, upper and lower centre, and the mouth corners: the mouth opening.</summary>
    public const int UpperLipInner = 13, LowerLipInner = 14, MouthRight = 78, MouthLeft = 308;

    /// <summary>The eye-aspect-ratio points of the right eye: outer and inner corner, two upper and two lower lid points.</summary>
    internal static ReadOnlySpan<int> RightEyeRatio => [33, 133, 160, 158, 144, 153];

    /// <summary>The same for the left eye.</summary>
    internal static ReadOnlySpan<int> LeftEyeRatio => [263, 362, 385, 387, 380, 373];

    // The eye contours and brows Iris refines (Human's facemeshcoords.ts, MediaPipe's numbering),
    // each with the iris model's keypoints that replace them, in the same order.
    internal static ReadOnlySpan<int> RightEyeUpper0 => [246, 161, 160, 159, 158, 157, 173];

    internal static ReadOnlySpan<int> RightEyeLower0 => [33, 7, 163, 144, 145, 153, 154, 155, 133];

    internal static ReadOnlySpan<int> LeftEyeUpper0 => [466, 388, 387, 386, 385, 384, 398];

    internal static ReadOnlySpan<int> LeftEyeLower0 => [263, 249, 390, 373, 374, 380, 381, 382, 362];

    /// <summary>Per refined contour: (mesh indices of the right eye, of the left eye, iris model keypoints).</summary>
    internal static readonly (int[] Right, int[] Left, int[] Iris, bool Lids)[] IrisContours =
    [
        ([246, 161, 160, 159, 158, 157, 173], [466, 388, 387, 386, 385, 384, 398], [9, 10, 11, 12, 13, 14, 15], true),
        ([247, 30, 29, 27, 28, 56, 190], [467, 260, 259, 257, 258, 286, 414], [25, 26, 27, 28, 29, 30, 31], false),
        ([113, 225, 224, 223, 222, 221, 189], [342, 445, 444, 443, 442, 441, 413], [41, 42, 43, 44, 45, 46, 47], false),
        ([33, 7, 163, 144, 145, 153, 154, 155, 133], [263, 249, 390, 373, 374, 380, 381, 382, 362], [0, 1, 2, 3, 4, 5, 6, 7, 8], true),
        ([130, 25, 110, 24, 23, 22, 26, 112, 243], [359, 255, 339, 254, 253, 252, 256, 341, 463], [16, 17, 18, 19, 20, 21, 22, 23, 24], false),
        ([226, 31, 228, 229, 230, 231, 232, 233, 244], [446, 261, 448, 449, 450, 451, 452, 453, 464], [32, 33, 34, 35, 36, 37, 38, 39, 40], false),
        ([143, 111, 117, 118, 119, 120, 121, 128, 245], [372, 340, 346, 347, 348, 349, 350, 357, 465], [54, 55, 56, 57, 58, 59, 60, 61, 62], false),
        ([156, 70, 63, 105, 66, 107, 55, 193], [383, 300, 293, 334, 296, 336, 285, 417], [63, 64, 65, 66, 67, 68, 69, 70], false),
        ([35, 124, 46, 53, 52, 65], [265, 353, 276, 283, 282, 295], [48, 49, 50, 51, 52, 53], false),
    ];
}
