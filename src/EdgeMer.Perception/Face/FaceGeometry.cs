namespace EdgeMer.Perception.Face;

/// <summary>Measurements on one face's 478 landmarks (<see cref="FaceLandmarks.Points"/>): eye and mouth opening, head pose, extent.</summary>
public static class FaceGeometry
{
    /// <summary>
    /// The eye aspect ratio (Soukupová and Čech, 2016) of the right (<paramref name="rightEye"/>) or
    /// left eye: the two lid distances over twice the corner distance. About 0.25–0.35 open, under 0.1 closed.
    /// </summary>
    public static float EyeAspectRatio(ReadOnlySpan<float> points, bool rightEye)
    {
        ReadOnlySpan<int> i = rightEye ? FaceMeshIndices.RightEyeRatio : FaceMeshIndices.LeftEyeRatio;
        float width = Distance(points, i[0], i[1]);
        return width <= 0 ? 0 : (Distance(points, i[2], i[4]) + Distance(points, i[3], i[5])) / (2 * width);
    }

    /// <summary>The inner lips' gap over the mouth's width: near 0 closed, 0.3 or so speaking, 0.5 and more wide open.</summary>
    public static float MouthOpening(ReadOnlySpan<float> points)
    {
        float width = Distance(points, FaceMeshIndices.MouthRight, FaceMeshIndices.MouthLeft);
        return width <= 0 ? 0 : Distance(points, FaceMeshIndices.UpperLipInner, FaceMeshIndices.LowerLipInner) / width;
    }

    /// <summary>
    /// The head's rotation from four landmarks, as Human computes it (forehead to chin is the head's y
    /// axis, cheek to cheek its x axis, their cross product its z axis; Euler angles of that frame),
    /// except that depth keeps the scale of x and y (the landmarks' z is in image pixels), where Human
    /// divides x and y by two thirds of the face box and z by FaceMesh's input size.
    /// </summary>
    public static HeadPose HeadPose(ReadOnlySpan<float> points)
    {
        Span<float> y = stackalloc float[3], x = stackalloc float[3], z = stackalloc float[3];
        Difference(points, FaceMeshIndices.Chin, FaceMeshIndices.ForeheadTop, y);
        Difference(points, FaceMeshIndices.LeftCheek, FaceMeshIndices.RightCheek, x);
        Normalize(y);
        Normalize(x);
        Cross(x, y, z);
        Normalize(z);
        Cross(y, z, x);
        // Rows x, y, z of the rotation matrix; Euler angles in the YZX order Human uses.
        float r00 = x[0], r10 = y[0], r11 = y[1], r12 = y[2], r20 = z[0];
        float thetaZ = MathF.Atan2(r10, MathF.Sqrt((r00 * r00) + (r20 * r20)));
        float thetaY = MathF.Atan2(-r20, r00);
        float thetaX = MathF.Atan2(-r12, r11);
        const float degrees = 180f / MathF.PI;
        return new HeadPose(Finite(-thetaY * degrees), Finite(-thetaX * degrees), Finite(-thetaZ * degrees));
    }

    /// <summary>The upright box around the mesh's 468 landmarks.</summary>
    public static FaceBox Bounds(ReadOnlySpan<float> points)
    {
        float left = float.MaxValue, top = float.MaxValue, right = float.MinValue, bottom = float.MinValue;
        for (int i = 0; i < FaceMeshIndices.MeshCount; i++)
        {
            left = Math.Min(left, points[3 * i]);
            right = Math.Max(right, points[3 * i]);
            top = Math.Min(top, points[(3 * i) + 1]);
            bottom = Math.Max(bottom, points[(3 * i) + 1]);
        }

        return new FaceBox(left, top, right - left, bottom - top);
    }

    /// <summary>The angle of the line from the right eye's outer corner to the left eye's, in radians (0 level; positive clockwise on screen).</summary>
    public static float EyeLineAngle(ReadOnlySpan<float> points) =>
        MathF.Atan2(points[(3 * 263) + 1] - points[(3 * 33) + 1], points[3 * 263] - points[3 * 33]);

    private static float Finite(float value) => float.IsFinite(value) ? value : 0f;

    private static float Distance(ReadOnlySpan<float> points, int a, int b)
    {
        float dx = points[3 * a] - points[3 * b], dy = points[(3 * a) + 1] - points[(3 * b) + 1];
        return MathF.Sqrt((dx * dx) + (dy * dy));
    }

    private static void Difference(ReadOnlySpan<float> points, int to, int from, Span<float> result)
    {
        for (int k = 0; k < 3; k++)
        {
            result[k] = points[(3 * to) + k] - points[(3 * from) + k];
        }
    }

    private static void Normalize(Span<float> v)
    {
        float length = MathF.Sqrt((v[0] * v[0]) + (v[1] * v[1]) + (v[2] * v[2]));
        if (length > 0)
        {
            v[0] /= length;
            v[1] /= length;
            v[2] /= length;
        }
    }

    private static void Cross(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> result)
    {
        float x = (a[1] * b[2]) - (a[2] * b[1]);
        float y = (a[2] * b[0]) - (a[0] * b[2]);
        float z = (a[0] * b[1]) - (a[1] * b[0]);
        result[0] = x;
        result[1] = y;
        result[2] = z;
    }
}
