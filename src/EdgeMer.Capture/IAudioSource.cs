namespace EdgeMer.Capture;

/// <summary>
/// Something that produces sound: a microphone (ALSA, PulseAudio, PipeWire) or an audio or video file.
/// <see cref="RunAsync"/> delivers each <see cref="AudioChunk"/> (16 kHz mono floats) to a callback as
/// soon as it is captured, on the source's own thread; the callback keeps a chunk by retaining it and
/// the source releases its own hold when the callback returns. A live source that fails is restarted
/// by the source itself (with back-off); a file source ends when the file does.
/// </summary>
public interface IAudioSource : IDisposable
{
    /// <summary>What the source is, for logs and errors (<c>microphone alsa:hw:1,0</c>, <c>audio speech.wav</c>).</summary>
    string Name { get; }

    /// <summary>Samples per chunk (the last chunk of a file may hold fewer).</summary>
    int SamplesPerChunk { get; }

    /// <summary>
    /// Delivers chunks to <paramref name="onChunk"/> until the source ends (a file) or
    /// <paramref name="cancellationToken"/> is cancelled (then it returns normally). Throws
    /// <see cref="AudioSourceException"/> naming the source when it cannot deliver at all (a missing or
    /// malformed file, a file without sound, an unknown device) and, for a live source, when restarts
    /// are exhausted.
    /// </summary>
    Task RunAsync(Action<AudioChunk> onChunk, CancellationToken cancellationToken);
}
