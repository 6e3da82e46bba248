namespace EdgeMer.Perception.Face;

/// <summary>
/// Another thread that reads some of a frame's faces while <see cref="FacePipeline.Follow"/> reads the
/// others: the scheduler's, with a landmarker of its own (<see cref="FacePipeline.CreateLandmarkShare"/>)
/// and the frame the call reads. It reads the odd-numbered faces (<see cref="FaceLandmarker.RunShare"/>
/// with share 1 of 2) into the same output.
/// </summary>
public interface IFaceLandmarkShare
{
    /// <summary>Starts reading faces 1, 3, 5... of <paramref name="regions"/> into <paramref name="landmarks"/>.</summary>
    void Start(FaceRegions regions, FaceLandmarks landmarks);

    /// <summary>Waits until it has, throwing what it threw.</summary>
    void Finish();
}
