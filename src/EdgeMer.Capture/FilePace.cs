namespace EdgeMer.Capture;

/// <summary>How fast a file source delivers.</summary>
public enum FilePace
{
    /// <summary>At the file's own rate, as a camera or microphone would (ffmpeg <c>-re</c>).</summary>
    NativeRate,

    /// <summary>As fast as the decoder and the consumer allow (benchmarks, batch runs).</summary>
    AsFastAsPossible,
}
