namespace EdgeMer.Models.Catalog;

/// <summary>A manifest that is malformed, or whose pinned source is missing or changed; names the manifest and the field.</summary>
public sealed class ModelManifestException : Exception
{
    public ModelManifestException()
    {
    }

    public ModelManifestException(string message)
        : base(message)
    {
    }

    public ModelManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelManifestException(string manifestPath, string field, string problem)
        : base($"{manifestPath}: field '{field}': {problem}")
    {
        ManifestPath = manifestPath;
        Field = field;
    }

    /// <summary>The manifest at fault.</summary>
    public string? ManifestPath { get; }

    /// <summary>The JSON field at fault, as a path (<c>source.sha256</c>, <c>inputs[0].layout</c>).</summary>
    public string? Field { get; }
}
