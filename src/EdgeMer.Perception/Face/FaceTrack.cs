using EdgeMer.Affect;
using EdgeMer.Imaging;

namespace EdgeMer.Perception.Face;

/// <summary>One followed face: where to crop it next, and what is known of it. Slots are allocated once and reused.</summary>
internal sealed class FaceTrack
{
    public FaceTrack(FaceStateOptions options)
    {
        States = new FaceStateTracker(options);
    }

    public bool Active { get; set; }

    public int Id { get; set; }

    public ImageRegion Region { get; set; }

    public float DetectionScore { get; set; }

    /// <summary>Detector runs since the detector last saw this face.</summary>
    public int Missed { get; set; }

    public FaceStateTracker States { get; }

    public EmotionDistribution? Emotion { get; set; }

    public float Sharpness { get; set; }

    public void Start(int id, ImageRegion region, float score)
    {
        Active = true;
        Id = id;
        Region = region;
        DetectionScore = score;
        Missed = 0;
        Emotion = null;
        Sharpness = 0;
        States.Reset();
    }
}
