namespace EdgeMer.Devices;

/// <summary>
/// The capture devices a board of this kind has where its OS puts them (the camera at
/// <c>/dev/video0</c>, the microphone as <c>alsa:default</c>), so <c>edgemer run</c> senses them without
/// configuration. <c>Sensing:Video</c>, <c>Sensing:Audio</c> and <c>Sensing:Skeletons</c> (and
/// <c>--source</c>, <c>--audio</c>) override them.
/// </summary>
public sealed record DeviceSources
{
    /// <summary>The camera: a V4L2 device or a GStreamer pipeline source as <c>Sensing:Video</c> takes it.</summary>
    public string? Video { get; init; }

    /// <summary>The microphone: <c>alsa:DEVICE</c> or <c>pulse:DEVICE</c>.</summary>
    public string? Audio { get; init; }

    /// <summary>A skeleton stream the robot's own body tracker publishes (a ZeroMQ endpoint or a named pipe).</summary>
    public string? Skeletons { get; init; }
}
