namespace EdgeMer.Capture;

/// <summary>An audio source cannot deliver: the message names the source (file, device) and the problem.</summary>
public sealed class AudioSourceException : Exception
{
    public AudioSourceException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        SourceName = source;
    }

    /// <summary>The source, as <see cref="IAudioSource.Name"/> names it.</summary>
    public string SourceName { get; }
}
