using EdgeMer.Affect;

namespace EdgeMer.Capture;

/// <summary>
/// Sound from a microphone through ffmpeg: ALSA (<c>-f alsa</c>, <c>hw:1,0</c>, <c>default</c>) or a
/// PulseAudio/PipeWire server (<c>-f pulse</c>), resampled to 16 kHz mono floats. A device that fails
/// on its first start (not there, busy, no server) is an <see cref="AudioSourceException"/> with
/// ffmpeg's reason, unless <see cref="LiveCaptureOptions.FirstStartMustSucceed"/> is off; once it has
/// delivered, a capture that dies or stalls is restarted with back-off and reported.
/// </summary>
public sealed class LiveAudioSource : ProcessAudioSource
{
    /// <param name="options">The backend, device, chunk size and supervision.</param>
    /// <param name="clock">The clock chunks are stamped on.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public LiveAudioSource(LiveAudioOptions options, CaptureClock clock)
        : base(
            NameOf(options),
            options.SamplesPerChunk,
            options.PoolCapacity,
            options.Chunks,
            options.Supervision(NameOf(options), options.Ffmpeg, FfmpegArguments.LiveAudio(Validated(options))),
            clock)
    {
    }

    private static string NameOf(LiveAudioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"microphone {options.Backend.ToString().ToLowerInvariant()}:{options.Device}";
    }

    private static LiveAudioOptions Validated(LiveAudioOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Device) || options.Device.StartsWith('-'))
        {
            throw new ArgumentException($"{NameOf(options)}: Device is '{options.Device}'; allowed: a device name such as default or hw:1,0");
        }

        if (!Enum.IsDefined(options.Backend))
        {
            throw new ArgumentException($"{NameOf(options)}: Backend is {(int)options.Backend}; allowed: Alsa, Pulse");
        }

        return options;
    }
}
