using EdgeMer.Imaging;

namespace EdgeMer.Perception.Face;

/// <summary>
/// What the face stages read: a frame's pixels, when it was captured, and the face regions the
/// landmark and emotion stages work on (a snapshot of the tracks; the detector ignores it).
/// </summary>
public readonly ref struct FaceFrame
{
    public FaceFrame(ImageView image, TimeSpan captureTime, long sequence, FaceRegions? regions = null)
    {
        Image = image;
        CaptureTime = captureTime;
        Sequence = sequence;
        Regions = regions;
    }

    public ImageView Image { get; }

    public TimeSpan CaptureTime { get; }

    public long Sequence { get; }

    public FaceRegions? Regions { get; }
}
