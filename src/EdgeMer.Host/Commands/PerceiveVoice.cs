using System.Globalization;
using System.Text.Json;
using EdgeMer.Affect;
using EdgeMer.Capture;
using EdgeMer.Host.Perceiving;
using EdgeMer.Imaging;
using EdgeMer.Inference;
using EdgeMer.Models.Catalog;
using EdgeMer.Perception.Voice;
using EdgeMer.Platform;

namespace EdgeMer.Host.Commands;

/// <summary>
/// The sound side of <c>edgemer perceive</c>: a sound file (or the sound of a video, with
/// <c>--voice</c>) or a microphone (<c>alsa:hw:1,0</c>, <c>pulse:default</c>) through the voice
/// pipeline, one line per speech segment with its affect and prosody.
/// </summary>
internal static class PerceiveVoice
{
    private static readonly string[] s_soundExtensions = [".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".wma", ".aiff", ".aif", ".au"];

    /// <summary>Whether <paramref name="source"/> names a microphone: <c>alsa:DEVICE</c> or <c>pulse:DEVICE</c>.</summary>
    public static bool IsMicrophone(string source) => EdgeMer.Runtime.Sensing.AudioSources.IsMicrophone(source);

    /// <summary>Whether <paramref name="source"/> is named as a sound file.</summary>
    public static bool IsSoundFile(string source)
    {
        string extension = Path.GetExtension(source);
        foreach (string known in s_soundExtensions)
        {
            if (string.Equals(extension, known, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="source"/> is a file whose name says nothing but which ffprobe finds
    /// sound and no picture in (a recording named <c>.dat</c>, say). Files named as images are not probed.
    /// </summary>
    public static bool IsSoundByProbe(string source)
    {
        if (!File.Exists(source))
        {
            return false;
        }

        foreach (string extension in ImageFile.Extensions)
        {
            if (source.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        ExternalProgramResult probe;
        try
        {
            probe = ExternalProgram.Run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type", "-of", "default=noprint_wrappers=1:nokey=1", "file:" + Path.GetFullPath(source)], TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            return false;
        }

        string[] streams = probe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return probe.ExitCode == 0 && Array.IndexOf(streams, "audio") >= 0 && Array.IndexOf(streams, "video") < 0;
    }

    public static int Run(string source, bool json, TimeSpan? duration, InferenceEnvironment environment, ModelCatalog catalog, ModelStore store, TextWriter output, TextWriter error)
    {
        using SileroVoiceActivityModel vad = SileroVoiceActivityModel.Load(environment, catalog, store, new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 });
        var clock = new CaptureClock(TimeProvider.System);
        var printer = new Printer(json, output);
        var pipeline = new VoicePipeline(vad, printer);
        long samples = 0;
        string name;
        if (IsMicrophone(source))
        {
            int colon = source.IndexOf(':', StringComparison.Ordinal);
            var options = new LiveAudioOptions
            {
                Backend = source[..colon] == "pulse" ? AudioBackend.Pulse : AudioBackend.Alsa,
                Device = source[(colon + 1)..],
            };
            using var microphone = new LiveAudioSource(options, clock);
            name = microphone.Name;
            // A microphone runs until Ctrl+C or the --seconds given; chunks carry their capture time.
            using var stop = duration is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
            ConsoleCancelEventHandler cancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.CancelKeyPress += cancel;
            try
            {
                microphone.RunAsync(
                    chunk =>
                    {
                        pipeline.Push(chunk);
                        samples += chunk.Length;
                    },
                    stop.Token).GetAwaiter().GetResult();
            }
            finally
            {
                Console.CancelKeyPress -= cancel;
            }
        }
        else
        {
            using AudioFileSource file = AudioFileSource.Open(source, clock, new AudioFileOptions { Pace = FilePace.AsFastAsPossible });
            name = file.Name;
            file.RunAsync(
                chunk =>
                {
                    // A file's chunks follow one another: their time is where they are in the file.
                    pipeline.Push(chunk.Samples, TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / AudioChunk.SampleRate), chunk.Sequence);
                    samples += chunk.Length;
                },
                CancellationToken.None).GetAwaiter().GetResult();
        }

        pipeline.Flush();
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {samples / (double)AudioChunk.SampleRate:0.00} s of sound, {printer.Count} speech segments; affect from the acoustic heuristic (docs/perception.md)"));
        return 0;
    }

    private sealed class Printer(bool json, TextWriter output) : IVoiceReadingHandler
    {
        public int Count { get; private set; }

        public void OnReading(in VoiceReading reading)
        {
            Count++;
            output.WriteLine(json ? Json(reading) : Line(reading));
        }
    }

    private static string Line(in VoiceReading reading)
    {
        ProsodyFeatures p = reading.Prosody;
        Observation o = reading.Observation;
        string affect = o.Affect is { } va
            ? string.Create(CultureInfo.InvariantCulture, $"arousal {va.Arousal,5:0.00} valence {va.Valence,5:0.00} ({Source(reading.Source)})")
            : "no affect (too little voiced speech)";
        string pitch = p.HasPitch
            ? string.Create(CultureInfo.InvariantCulture, $"F0 {p.F0MeanHz:0} Hz sd {p.F0StdSemitones:0.0} st range {p.F0RangeSemitones:0.0} st")
            : "F0 -";
        return string.Create(CultureInfo.InvariantCulture,
            $"speech {reading.Segment.Start.TotalSeconds:0.000}-{reading.Segment.End.TotalSeconds:0.000}s  {affect}  quality {o.Quality:0.00}  {pitch}  level {p.IntensityDb:0.0} dB  rate {p.SyllableRate:0.0}/s  voiced {p.VoicedFraction:0.00}  HNR {p.HnrDb:0.0} dB");
    }

    private static string Json(in VoiceReading reading)
    {
        ProsodyFeatures p = reading.Prosody;
        Observation o = reading.Observation;
        var record = new PerceivedSpeech(
            Modalities.Name(o.Modality),
            Math.Round(reading.Segment.Start.TotalSeconds, 4),
            Math.Round(reading.Segment.End.TotalSeconds, 4),
            reading.Segment.MeanProbability,
            Source(reading.Source),
            o.Affect?.Valence,
            o.Affect?.Arousal,
            o.Quality,
            p.VoicedFraction,
            Finite(p.F0MeanHz),
            Finite(p.F0StdSemitones),
            Finite(p.F0RangeSemitones),
            p.IntensityDb,
            p.SyllableRate,
            Finite(p.SpectralCentroidHz),
            Finite(p.AlphaRatioDb),
            Finite(p.HammarbergIndexDb),
            Finite(p.HnrDb),
            Finite(p.JitterLocal),
            Finite(p.ShimmerLocalDb),
            reading.Affect.BaselineSegments);
        return JsonSerializer.Serialize(record, PerceiveJsonContext.Default.PerceivedSpeech);
    }

    private static string Source(VoiceAffectSource source) => source switch
    {
        VoiceAffectSource.Heuristic => "heuristic",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "not an affect source"),
    };

    private static float? Finite(float value) => float.IsFinite(value) ? value : null;
}
