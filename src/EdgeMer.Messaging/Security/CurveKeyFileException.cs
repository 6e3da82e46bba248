namespace EdgeMer.Messaging.Security;

/// <summary>A CURVE key file is missing, malformed or unsafe; the message names the file and the problem.</summary>
public sealed class CurveKeyFileException : Exception
{
    public CurveKeyFileException(string path, string problem)
        : base($"CURVE key file {path} {problem}")
    {
        FilePath = path;
    }

    public string FilePath { get; }
}
