using EdgeMer.Affect;
using EdgeMer.Platform;

namespace EdgeMer.Capture;

/// <summary>
/// Sound from any file ffmpeg reads (WAV, FLAC, the sound of a video), decoded to 16 kHz mono floats,
/// at the file's own rate or as fast as possible. The file is checked with ffprobe when it is opened;
/// one that cannot be read, has no sound, or that ffmpeg reports damaged while decoding it is an
/// <see cref="AudioSourceException"/> naming it with ffmpeg's reason. The source ends with the file;
/// its last chunk may be short.
/// </summary>
public sealed class AudioFileSource : ProcessAudioSource
{
    private AudioFileSource(string name, int samplesPerChunk, int poolCapacity, AudioChunkPools? chunks, SupervisedProcessOptions decoder, CaptureClock clock)
        : base(name, samplesPerChunk, poolCapacity, chunks, decoder, clock)
    {
    }

    /// <summary>Checks that <paramref name="path"/> has sound and prepares to decode it; nothing is decoded until <see cref="ProcessAudioSource.RunAsync"/>.</summary>
    /// <param name="path">The audio or video file.</param>
    /// <param name="clock">The clock chunks are stamped on.</param>
    /// <param name="options">Pace, chunk size and programs.</param>
    /// <exception cref="AudioSourceException">The file is missing, unreadable or has no sound; the message names it and quotes ffprobe.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public static AudioFileSource Open(string path, CaptureClock clock, AudioFileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(clock);
        options ??= new AudioFileOptions();
        string name = $"audio {path}";
        if (string.IsNullOrEmpty(options.Ffprobe))
        {
            throw new ArgumentException($"{name}: Ffprobe must name a program");
        }

        Dictionary<string, string> stream = MediaProbe.FirstStream(options.Ffprobe, path, 'a', "stream=codec_type,sample_rate,channels", problem => new AudioSourceException(name, problem));
        if (stream.Count == 0)
        {
            throw new AudioSourceException(name, "has no audio stream");
        }

        // A demuxer picked by the file's name may claim a stream it cannot describe (text named .flac).
        if (MediaProbe.Int(stream, "sample_rate") is null || MediaProbe.Int(stream, "channels") is null)
        {
            throw new AudioSourceException(name, $"ffprobe finds no readable sound in it ({string.Join(", ", stream.Select(e => $"{e.Key}={e.Value}"))})");
        }

        var decoder = new SupervisedProcessOptions
        {
            Name = name,
            FileName = options.Ffmpeg,
            Arguments = FfmpegArguments.AudioFile(path, options.Pace),
            StallTimeout = options.StallTimeout,
            Restart = RestartPolicy.Never,
            FinishesOnSuccess = true,
            FailsOnErrorOutput = true,
        };
        return new AudioFileSource(name, options.SamplesPerChunk, options.PoolCapacity, options.Chunks, decoder, clock);
    }
}
