using EdgeMer.Affect;
using EdgeMer.Capture;

namespace EdgeMer.Runtime.Sensing;

/// <summary>
/// Opens what a configuration or command line names as the sound source: a microphone
/// (<c>alsa:DEVICE</c>, <c>pulse:DEVICE</c>) or any file ffmpeg reads sound from (a recording, or the
/// sound track of a video), decoded to 16 kHz mono at the file's own pace so its chunks share the
/// capture clock with the video's frames.
/// </summary>
public static class AudioSources
{
    /// <summary>Whether <paramref name="source"/> names a microphone: <c>alsa:DEVICE</c> or <c>pulse:DEVICE</c>.</summary>
    public static bool IsMicrophone(string source) =>
        source.StartsWith("alsa:", StringComparison.Ordinal) || source.StartsWith("pulse:", StringComparison.Ordinal);

    /// <summary>Opens <paramref name="source"/>; an <see cref="AudioSourceException"/> naming it when it cannot be read.</summary>
    /// <param name="chunks">The pools to take chunks from, the same for each opening of one source (see <see cref="AudioChunkPools"/>); null for chunks of the source's own.</param>
    public static IAudioSource Open(string source, CaptureClock clock, AudioChunkPools? chunks = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        if (IsMicrophone(source))
        {
            int colon = source.IndexOf(':', StringComparison.Ordinal);
            return new LiveAudioSource(
                new LiveAudioOptions { Backend = source[..colon] == "pulse" ? AudioBackend.Pulse : AudioBackend.Alsa, Device = source[(colon + 1)..], Chunks = chunks },
                clock);
        }

        return AudioFileSource.Open(source, clock, new AudioFileOptions { Chunks = chunks });
    }
}
