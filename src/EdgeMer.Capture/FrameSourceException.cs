namespace EdgeMer.Capture;

/// <summary>A source cannot deliver: the message names the source (file, device, pipeline) and the problem.</summary>
public sealed class FrameSourceException : Exception
{
    public FrameSourceException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        SourceName = source;
    }

    /// <summary>The source, as <see cref="IFrameSource.Name"/> names it.</summary>
    public string SourceName { get; }
}
