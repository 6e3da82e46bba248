namespace EdgeMer.Models.Tooling.Verification;

/// <summary>Where the reference runtimes and the sample media are: the repository's peer scripts, the pinned npm packages, the sample media.</summary>
public sealed class ReferenceEnvironment
{
    public required string RepositoryRoot { get; init; }

    /// <summary><c>$EDGEMER_CACHE/npm</c>: the pinned packages build.sh unpacked.</summary>
    public required string NpmRoot { get; init; }

    public string PeerScript => Path.Combine(RepositoryRoot, "src", "peers", "model-reference.js");

    /// <summary>The peer that streams Silero VAD with @ricky0123/vad-web's own code in onnxruntime-node.</summary>
    public string VadPeerScript => Path.Combine(RepositoryRoot, "src", "peers", "vad-reference.js");

    public string SampleMedia => Path.Combine(RepositoryRoot, "models", "sample-media");

    public string TfJsPackage => Path.Combine(NpmRoot, "@tensorflow", "tfjs@4.22.0");

    /// <summary>onnxruntime-node 1.30.0: the Node runtime the vad-web reference runs the model in.</summary>
    public string OnnxRuntimeNodePackage => Path.Combine(NpmRoot, "onnxruntime-node@1.30.0");

    /// <summary>onnxruntime-common 1.30.0, which onnxruntime-node requires by name.</summary>
    public string OnnxRuntimeCommonPackage => Path.Combine(NpmRoot, "onnxruntime-common@1.30.0");

    /// <summary>The Node.js executable that runs the peer script.</summary>
    public string Node { get; init; } = "node";

    public string Ffmpeg { get; init; } = "ffmpeg";

    /// <summary>How long one reference run (one model, all its inputs) may take before it is killed: loading a model and running it takes seconds.</summary>
    public TimeSpan ReferenceTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long ffmpeg may take to decode one sample file before it is killed: a small photograph or a few seconds of audio.</summary>
    public TimeSpan DecodeTimeout { get; init; } = TimeSpan.FromMinutes(1);
}
