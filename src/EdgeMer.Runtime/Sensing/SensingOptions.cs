namespace EdgeMer.Runtime.Sensing;

/// <summary>What the runtime senses (section <c>Sensing</c>); checked by <see cref="SensingOptionsValidator"/>. A reload applies them to the running service, but for turning a modality on or off and <see cref="Body"/>, which need a restart.</summary>
public sealed class SensingOptions
{
    public const string Section = "Sensing";

    /// <summary>
    /// The camera or video: a V4L2 device (<c>/dev/video0</c>), a video file, an image or a folder of
    /// images; not set: the device profile's camera, if it names one; empty for none (with no source at
    /// all the runtime publishes health only).
    /// </summary>
    public string? Video { get; set; }

    /// <summary>
    /// The microphone or sound: <c>alsa:DEVICE</c> or <c>pulse:DEVICE</c>, a sound file, or a video
    /// file's sound track (the same path as <see cref="Video"/>); not set: the profile's microphone; empty for none.
    /// </summary>
    public string? Audio { get; set; }

    /// <summary>
    /// Skeletons a robot's own body tracker sends, as JSON lines (docs/perception.md): a file or named
    /// pipe, or a ZeroMQ publisher (<c>tcp://HOST:PORT</c>, <c>ipc://PATH</c>) sending one skeleton per
    /// message. They take the place of the pose model: the video's bodies are then not read. Not set:
    /// the profile's skeleton stream; empty for none.
    /// </summary>
    public string? Skeletons { get; set; }

    /// <summary>Read bodies (pose, gait, posture) in the video too, beside the faces.</summary>
    public bool Body { get; set; } = true;

    /// <summary>Play files (video, images, sound) again from the start when they end (demonstrations, soak runs).</summary>
    public bool Loop { get; set; }

    /// <summary>How often the fused summaries are made and published.</summary>
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long to wait before opening a source again after it failed for good (its own restarts exhausted, a device gone).</summary>
    public TimeSpan RestartAfter { get; set; } = TimeSpan.FromSeconds(10);
}
