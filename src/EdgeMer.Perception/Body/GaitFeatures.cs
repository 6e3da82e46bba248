namespace EdgeMer.Perception.Body;

/// <summary>
/// Gait and posture over one track's sliding window. Lengths are in body heights (H, estimated from
/// the segment lengths, see <see cref="GaitWindow"/>), angles in degrees, times in seconds. A measure
/// is null when the joints it needs were not seen in enough of the window.
/// </summary>
public readonly record struct GaitFeatures
{
    /// <summary>Capture time spanned by the poses in the window.</summary>
    public double WindowSeconds { get; init; }

    /// <summary>Poses in the window.</summary>
    public int Poses { get; init; }

    /// <summary>Mean share of the 17 joints seen, 0 to 1.</summary>
    public float Visibility { get; init; }

    /// <summary>Estimated body height in image pixels.</summary>
    public float? BodyHeightPixels { get; init; }

    public BodyActivity Activity { get; init; }

    /// <summary>Speed of the hips across the image in body heights per second (motion towards the camera is not seen).</summary>
    public float? Speed { get; init; }

    /// <summary>Steps per minute, from the period of the ankles' alternation.</summary>
    public float? Cadence { get; init; }

    /// <summary>Whether cadence and stride were read from the heels (a pose model with feet, BlazePose) rather than the ankles.</summary>
    public bool StrideFromHeels { get; init; }

    /// <summary>Stride (two steps) length in body heights: speed times the stride period.</summary>
    public float? StrideLength { get; init; }

    /// <summary>Arm swing amplitude: half the peak-to-peak of the shoulder→wrist line's angle to the trunk, both arms averaged.</summary>
    public float? ArmSwingDegrees { get; init; }

    /// <summary>Trunk lean from vertical, positive forward (towards where the nose points).</summary>
    public float? TrunkLeanDegrees { get; init; }

    /// <summary>Head pitch: the ear→nose line above (positive) or below (negative, bowed) horizontal; read in profile only (null facing the camera).</summary>
    public float? HeadPitchDegrees { get; init; }

    /// <summary>Postural expansion: the area of the seen joints' bounding box over H², mean over the window.</summary>
    public float? Expansion { get; init; }

    /// <summary>Mean magnitude of the third time derivative of the seen joints' positions, in H/s³.</summary>
    public float? Jerk { get; init; }

    /// <summary>Sway amplitude: √2 times the standard deviation of the shoulders' horizontal position about the hips' steady drift, in H.</summary>
    public float? Sway { get; init; }
}
