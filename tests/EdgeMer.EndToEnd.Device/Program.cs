using System.Globalization;
using EdgeMer.Platform;
using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;

namespace EdgeMer.EndToEnd.Device;

/// <summary>
/// Loads raw media (<c>*.rgb</c> RGB24 frames, <c>*.pcm</c> 16 kHz mono s16le) into
/// memory, binds a publisher on <c>tcp://127.0.0.1:*</c>, prints "Publishing summaries on ENDPOINT",
/// and publishes summaries derived from the media until its standard input closes.
/// <para>
/// It has no models: what it reports is what can be measured without them (voice activity from
/// audio energy, face-camera quality from frame contrast), so the emotion fields stay null. The
/// summaries are nonetheless computed from the very buffers the privacy proof searches the wire for.
/// </para>
/// </summary>
internal static class Program
{
    private const int SampleRate = 16_000;
    private const int WindowSamples = SampleRate / 2;

    public static int Main(string[] args)
    {
        if (args.Length != 1 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: EdgeMer.EndToEnd.Device MEDIA_DIRECTORY");
            return 2;
        }

        var frames = new List<byte[]>();
        var audio = new List<short[]>();
        foreach (string path in Directory.EnumerateFiles(args[0]))
        {
            if (path.EndsWith(".rgb", StringComparison.Ordinal))
            {
                frames.Add(File.ReadAllBytes(path));
            }
            else if (path.EndsWith(".pcm", StringComparison.Ordinal))
            {
                byte[] bytes = File.ReadAllBytes(path);
                short[] samples = new short[bytes.Length / 2];
                Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
                audio.Add(samples);
            }
        }

        using var context = new ZmqContext();
        var privacy = new PrivacySwitch();
        var options = new SummaryPublisherOptions { DeviceId = "e2e-device", Endpoints = ["tcp://127.0.0.1:*"] };
        using var publisher = new SummaryPublisher(context, options, privacy);
        Console.WriteLine($"Publishing summaries on {publisher.Endpoints[0]}");
        Console.Out.Flush();

        using var stop = new CancellationTokenSource();
        var stdinWatcher = new Thread(() =>
        {
            Console.In.ReadToEnd();
            stop.Cancel();
        })
        { IsBackground = true };
        stdinWatcher.Start();

        DateTimeOffset start = DateTimeOffset.UtcNow;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        long window = 0;
        while (!stop.IsCancellationRequested)
        {
            short[] speech = audio[(int)(window % audio.Count)];
            int windowsPerClip = Math.Max(1, speech.Length / WindowSamples);
            int offset = (int)(window % windowsPerClip) * WindowSamples;
            byte[] frame = frames[(int)(window % frames.Count)];
            DateTimeOffset windowStart = start.AddMilliseconds(500 * window);

            float speaking = VoiceActivity(speech.AsSpan(offset, Math.Min(WindowSamples, speech.Length - offset)));
            float faceQuality = Contrast(frame);
            publisher.TryPublish(new EmotionSummary(
                "companion",
                track: null,
                new WindowReading(windowStart, windowStart.AddMilliseconds(500)),
                paused: false,
                emotions: null,
                affect: null,
                new AffectiveStates(null, null, null, null, null, speaking, null),
                confidence: 0.5f * (speaking > 0.5f ? 1f : faceQuality),
                [
                    new ModalityReading(Modality.Face, faceQuality, 20, 0.5f, null, null, disagrees: false),
                    new ModalityReading(Modality.Voice, speaking, 20, 0.5f, null, null, disagrees: false),
                ]));

            // The voice went quiet for more than a quarter second of the window: as close to a real
            // "modality stale" alert as a process without models can honestly raise.
            float quietSeconds = (1f - speaking) * 0.5f;
            if (quietSeconds > 0.25f)
            {
                publisher.TryPublish(new SafetyAlert(DateTimeOffset.UtcNow, AlertKind.SensorLost, AlertSeverity.Info, AlertReason.ModalityStale, Modality.Voice, quietSeconds, 0.25f));
            }

            if (window % 10 == 9)
            {
                publisher.TryPublish(new HealthReport(DateTimeOffset.UtcNow, (DateTimeOffset.UtcNow - start).TotalSeconds, paused: false, "companion", "cpu", [], []));
            }

            window++;
            try
            {
                timer.WaitForNextTickAsync(stop.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // The media stayed in memory for the whole run: that is the point of the proof.
        GC.KeepAlive(frames);
        GC.KeepAlive(audio);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"published {publisher.Counters.Published}"));
        return 0;
    }

    /// <summary>Share of 20 ms frames in the window whose energy is above a fixed speech threshold.</summary>
    private static float VoiceActivity(ReadOnlySpan<short> samples)
    {
        const int Frame = SampleRate / 50;
        int frames = 0;
        int active = 0;
        for (int i = 0; i + Frame <= samples.Length; i += Frame)
        {
            double energy = 0;
            foreach (short s in samples.Slice(i, Frame))
            {
                energy += (double)s * s;
            }

            frames++;
            if (Math.Sqrt(energy / Frame) > 500)
            {
                active++;
            }
        }

        return frames == 0 ? 0f : (float)active / frames;
    }

    /// <summary>Luminance standard deviation scaled to 0..1: a flat or dark frame is a poor face image.</summary>
    private static float Contrast(byte[] rgb)
    {
        double sum = 0;
        double squares = 0;
        int pixels = rgb.Length / 3;
        for (int i = 0; i + 2 < rgb.Length; i += 3)
        {
            double y = (0.299 * rgb[i]) + (0.587 * rgb[i + 1]) + (0.114 * rgb[i + 2]);
            sum += y;
            squares += y * y;
        }

        double mean = sum / pixels;
        double deviation = Math.Sqrt(Math.Max(0, (squares / pixels) - (mean * mean)));
        return (float)Math.Clamp(deviation / 128, 0, 1);
    }
}
