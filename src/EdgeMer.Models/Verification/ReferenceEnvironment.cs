namespace EdgeMer.Models.Verification;

/// <summary>Where the TensorFlow.js reference and the sample media are: the repository's peer script, the pinned npm packages, the sample media.</summary>
public sealed class ReferenceEnvironment
{
    public required string RepositoryRoot { get; init; }

    /// <summary><c>$EDGEMER_CACHE/npm</c>: the pinned packages build.sh unpacked.</summary>
    public required string NpmRoot { get; init; }

    public string PeerScript => Path.Combine(RepositoryRoot, "src", "peers", "model-reference.js");

    public string SampleMedia => Path.Combine(RepositoryRoot, "models", "sample-media");

    public string TfJsPackage => Path.Combine(NpmRoot, "@tensorflow", "tfjs@4.22.0");

    /// <summary>The Node.js executable that runs the peer script.</summary>
    public string Node { get; init; } = "node";

    public string Ffmpeg { get; init; } = "ffmpeg";
}
