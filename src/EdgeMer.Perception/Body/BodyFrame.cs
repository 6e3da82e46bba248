using EdgeMer.Imaging;

namespace EdgeMer.Perception.Body;

/// <summary>
/// The pose stage's input: a frame's pixels, its capture time, and the region of the frame the model
/// reads (the whole frame, or the crop the previous frame's pose chose; see <see cref="BodyCropRegion"/>).
/// </summary>
public readonly ref struct BodyFrame
{
    public BodyFrame(ImageView image, TimeSpan captureTime, ImageRegion region)
    {
        Image = image;
        CaptureTime = captureTime;
        Region = region;
    }

    public ImageView Image { get; }

    public TimeSpan CaptureTime { get; }

    public ImageRegion Region { get; }
}
