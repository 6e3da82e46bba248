using System.Globalization;
using System.Runtime.InteropServices;
using EdgeMer.Platform;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// Sound the voice tests make for themselves: espeak-ng speech and sox signals (noise, tones), as
/// 16 kHz mono floats, and silence to place them in.
/// </summary>
internal static class TestAudio
{
    public const int Rate = 16_000;

    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <paramref name="text"/> spoken by espeak-ng <paramref name="voice"/> at pitch setting
    /// <paramref name="pitch"/> (0..99), <paramref name="wordsPerMinute"/> and amplitude
    /// <paramref name="amplitude"/> (0..200), resampled to 16 kHz by sox.
    /// </summary>
    public static float[] Speech(string text, string voice = "en", int pitch = 50, int wordsPerMinute = 160, int amplitude = 100, bool monotone = false)
    {
        string wav = Path.Combine(Path.GetTempPath(), $"edgemer-speech-{Guid.NewGuid():N}.wav");
        try
        {
            string spoken = monotone ? $"<speak><prosody range=\"0\">{text}</prosody></speak>" : text;
            List<string> arguments = ["-v", voice, "-p", Invariant(pitch), "-s", Invariant(wordsPerMinute), "-a", Invariant(amplitude), "-w", wav];
            if (monotone)
            {
                arguments.Add("-m");
            }

            arguments.Add(spoken);
            ExternalProgram.Run("espeak-ng", arguments, s_limit).EnsureSuccess("espeak-ng");
            return Sox([wav]);
        }
        finally
        {
            File.Delete(wav);
        }
    }

    /// <summary>A sox-synthesised signal: <c>sox -n ... synth SECONDS ARGS</c>, e.g. <c>pinknoise</c> or <c>sine 440</c>.</summary>
    public static float[] Synth(double seconds, params string[] synth) =>
        Sox(["-n"], ["synth", Invariant(seconds), .. synth]);

    public static float[] Silence(double seconds) => new float[(int)Math.Round(seconds * Rate)];

    /// <summary>The parts one after another.</summary>
    public static float[] Join(params float[][] parts)
    {
        var all = new List<float>();
        foreach (float[] part in parts)
        {
            all.AddRange(part);
        }

        return [.. all];
    }

    /// <summary>The first and last sample (inclusive) louder than <paramref name="floor"/>: where the sound in a rendering starts and ends.</summary>
    public static (int First, int Last) Extent(ReadOnlySpan<float> samples, float floor = 1e-3f)
    {
        int first = -1, last = -1;
        for (int i = 0; i < samples.Length; i++)
        {
            if (Math.Abs(samples[i]) > floor)
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }

        return (first, last);
    }

    /// <summary>The part from <paramref name="extent"/>'s first to its last sample.</summary>
    public static float[] Trim(float[] samples, float floor = 1e-3f)
    {
        (int first, int last) = Extent(samples, floor);
        return samples[first..(last + 1)];
    }

    private static float[] Sox(string[] input, string[]? effects = null)
    {
        // -R: sox's noise is the same on every run, so a test sees the same sound each time.
        List<string> arguments = ["-R", .. input, "-r", Invariant(Rate), "-c", "1", "-t", "raw", "-e", "floating-point", "-b", "32", "-L", "-"];
        arguments.AddRange(effects ?? []);
        ExternalProgramResult result = ExternalProgram.Run("sox", arguments, s_limit).EnsureSuccess("sox");
        return MemoryMarshal.Cast<byte, float>(result.StandardOutputBytes.Span).ToArray();
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
