namespace EdgeMer.Perception.Face;

/// <summary>The faces one detector run found, best first; a reusable output of fixed capacity.</summary>
public sealed class FaceDetections
{
    private readonly FaceDetection[] _faces;

    public FaceDetections(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _faces = new FaceDetection[capacity];
    }

    public int Capacity => _faces.Length;

    public int Count { get; private set; }

    /// <summary>The faces found.</summary>
    public ReadOnlySpan<FaceDetection> Faces => _faces.AsSpan(0, Count);

    /// <summary>The frame size the boxes refer to.</summary>
    public (int Width, int Height) ImageSize { get; internal set; }

    /// <summary>When the frame the faces were found in was captured: a detector on its own thread hands its faces over a frame or two later.</summary>
    public TimeSpan CaptureTime { get; internal set; }

    internal void Clear() => Count = 0;

    internal ref FaceDetection Add() => ref _faces[Count++];
}
