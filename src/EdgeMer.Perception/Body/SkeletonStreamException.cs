namespace EdgeMer.Perception.Body;

/// <summary>A skeleton stream that cannot be read: the file, the line (from 1; 0 when the file itself is at fault) and the problem.</summary>
public sealed class SkeletonStreamException : Exception
{
    public SkeletonStreamException()
    {
    }

    public SkeletonStreamException(string message)
        : base(message)
    {
    }

    public SkeletonStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SkeletonStreamException(string source, long line, string problem, Exception? innerException = null)
        : base(line > 0 ? $"{source} line {line}: {problem}" : $"{source}: {problem}", innerException)
    {
        StreamName = source;
        Line = line;
    }

    /// <summary>The stream's name (its file).</summary>
    public string? StreamName { get; }

    /// <summary>The line at fault, from 1; 0 when the stream as a whole is.</summary>
    public long Line { get; }
}
