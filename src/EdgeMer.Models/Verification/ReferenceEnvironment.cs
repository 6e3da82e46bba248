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

    /// <summary>How long one TensorFlow.js reference run (one model, all its inputs) may take before it is killed: loading a model and running it takes seconds.</summary>
    public TimeSpan ReferenceTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long ffmpeg may take to decode one sample file before it is killed: a small photograph or a few seconds of audio.</summary>
    public TimeSpan DecodeTimeout { get; init; } = TimeSpan.FromMinutes(1);
}
