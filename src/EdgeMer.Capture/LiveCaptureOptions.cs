using EdgeMer.Platform;

namespace EdgeMer.Capture;

/// <summary>What every live source (camera, GStreamer pipeline, microphone) shares: how it is supervised.</summary>
public abstract record LiveCaptureOptions
{
    /// <summary>How long the device may deliver nothing before its capture process is killed and restarted. Default 5 s.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How the capture process is restarted after it dies or stalls.</summary>
    public RestartPolicy Restart { get; init; } = new();

    /// <summary>
    /// A device that fails before delivering anything on the first start (unknown, busy, a format it
    /// does not offer, a pipeline that does not link) is an error at once, rather than something to
    /// wait out with restarts. Default true.
    /// </summary>
    public bool FirstStartMustSucceed { get; init; } = true;

    /// <summary>The supervision of a live capture process with these options.</summary>
    internal SupervisedProcessOptions Supervision(string name, string program, IReadOnlyList<string> arguments) => new()
    {
        Name = name,
        FileName = program,
        Arguments = arguments,
        StallTimeout = StallTimeout,
        Restart = Restart,
        FirstRunMustDeliver = FirstStartMustSucceed,
    };
}
