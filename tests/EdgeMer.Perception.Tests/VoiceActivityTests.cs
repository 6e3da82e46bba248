using EdgeMer.Models.Catalog;
using EdgeMer.Models.Tooling.Store;
using EdgeMer.Models.Tooling.Verification;
using EdgeMer.Perception.Voice;
using EdgeMer.Testing;
using Xunit.Abstractions;

namespace EdgeMer.Perception.Tests;

/// <summary>Silero VAD streamed through the hysteresis on espeak-ng speech placed in silence, and on sounds that are not speech.</summary>
[Collection(VoiceModelsGroup.Name)]
public sealed class VoiceActivityTests(VoiceModelsFixture models, ITestOutputHelper output)
{
    private static readonly TimeSpan s_edgeTolerance = TimeSpan.FromMilliseconds(100);

    public static TheoryData<string, string> Speakers => new()
    {
        { "en", "Maybe we can all meet near the river tomorrow morning." },
        { "en-us+f3", "Our lunch was ready long before anyone arrived." },
        { "en+m3", "Nobody knew where the yellow van was going." },
    };

    [Fact]
    public void The_streamed_model_gives_vad_webs_probability_for_every_frame_and_a_reset_starts_afresh()
    {
        // Two streams, one after the other through the same model with a reset between them; vad-web
        // streams each from a fresh state with its own code (context of the previous frame, state carried).
        float[] first = TestAudio.Join(TestAudio.Silence(0.5), TestAudio.Trim(TestAudio.Speech("Maybe we can all meet near the river tomorrow morning.", "en")), TestAudio.Silence(0.5));
        float[] second = TestAudio.Join(TestAudio.Trim(TestAudio.Speech("Our lunch was ready long before anyone arrived.", "en-us+f3")), TestAudio.Synth(1, "pinknoise", "vol", "0.2"));
        ModelDescription silero = models.Catalog.Find(SileroVoiceActivityModel.CatalogId);
        var builder = new ModelStoreBuilder(models.Store, Path.Combine(RepoPaths.Cache, "npm"));
        var reference = new VadWebReference(new ReferenceEnvironment { RepositoryRoot = RepoPaths.Root, NpmRoot = Path.Combine(RepoPaths.Cache, "npm") });
        using SileroVoiceActivityModel model = models.Vad();

        IReadOnlyList<float[]> expected = reference.Run(builder.PackageFolder(silero), builder.SourcePath(silero), model.FrameSamples, [first, second]);
        float[][] actual = [Stream(model, first), Stream(model, second)];

        for (int s = 0; s < 2; s++)
        {
            Assert.Equal(expected[s].Length, actual[s].Length);
            double worst = 0;
            for (int f = 0; f < actual[s].Length; f++)
            {
                worst = Math.Max(worst, Math.Abs(actual[s][f] - expected[s][f]));
            }

            output.WriteLine($"stream {s}: {actual[s].Length} frames, largest difference {worst:E2}, peak {actual[s].Max():0.000}");
            Assert.True(worst <= 1e-4, $"stream {s}: a frame differs from vad-web's by {worst}");
            Assert.True(actual[s].Max() > 0.9f, $"stream {s} has speech the model should hear");
        }

        static float[] Stream(SileroVoiceActivityModel model, float[] signal)
        {
            model.Reset();
            var probabilities = new float[signal.Length / model.FrameSamples];
            for (int f = 0; f < probabilities.Length; f++)
            {
                probabilities[f] = model.Probability(signal.AsSpan(f * model.FrameSamples, model.FrameSamples));
            }

            return probabilities;
        }
    }

    [Theory]
    [MemberData(nameof(Speakers))]
    public void Speech_placed_in_silence_is_found_within_100_ms_of_its_edges(string voice, string sentence)
    {
        float[] first = TestAudio.Trim(TestAudio.Speech(sentence, voice));
        float[] second = TestAudio.Trim(TestAudio.Speech("Hello there, how are you doing today?", voice));
        float[] lead = TestAudio.Silence(1.3), pause = TestAudio.Silence(1.7), tail = TestAudio.Silence(1.1);
        float[] signal = TestAudio.Join(lead, first, pause, second, tail);
        TimeSpan[] edges =
        [
            Time(lead.Length),
            Time(lead.Length + first.Length),
            Time(lead.Length + first.Length + pause.Length),
            Time(lead.Length + first.Length + pause.Length + second.Length),
        ];

        List<(SpeechSegment Segment, int Samples)> found = Detect(signal, chunk: 700);

        foreach ((SpeechSegment segment, _) in found)
        {
            output.WriteLine($"{voice}: speech {segment.Start.TotalSeconds:0.000} s to {segment.End.TotalSeconds:0.000} s (mean p {segment.MeanProbability:0.00})");
        }

        output.WriteLine($"true edges: {string.Join(", ", edges.Select(e => $"{e.TotalSeconds:0.000} s"))}");
        Assert.Equal(2, found.Count);
        for (int i = 0; i < 2; i++)
        {
            AssertNear(edges[2 * i], found[i].Segment.Start, $"start of segment {i}");
            AssertNear(edges[(2 * i) + 1], found[i].Segment.End, $"end of segment {i}");
            Assert.Equal((int)Math.Round(found[i].Segment.Duration.TotalSeconds * TestAudio.Rate), found[i].Samples);
        }
    }

    public static TheoryData<string> NotSpeech => ["silence", "pink noise", "white noise", "tone 440 Hz", "tones 300 and 1200 Hz", "tone 150 Hz", "square wave 200 Hz"];

    [Theory]
    [MemberData(nameof(NotSpeech))]
    public void Sound_without_speech_gives_no_segment(string sound)
    {
        float[] signal = sound switch
        {
            "silence" => TestAudio.Silence(6),
            "pink noise" => TestAudio.Synth(6, "pinknoise", "vol", "0.3"),
            "white noise" => TestAudio.Synth(6, "whitenoise", "vol", "0.1"),
            "tone 440 Hz" => TestAudio.Synth(6, "sine", "440", "vol", "0.5"),
            "tones 300 and 1200 Hz" => TestAudio.Synth(6, "sine", "300", "sine", "1200", "remix", "-", "vol", "0.4"),
            "tone 150 Hz" => TestAudio.Synth(6, "sine", "150", "vol", "0.5"),
            "square wave 200 Hz" => TestAudio.Synth(6, "square", "200", "vol", "0.3"),
            _ => throw new ArgumentOutOfRangeException(nameof(sound)),
        };

        List<(SpeechSegment Segment, int Samples)> found = Detect(signal, chunk: 512);

        Assert.True(found.Count == 0, $"{sound}: found speech at {string.Join(", ", found.Select(f => $"{f.Segment.Start.TotalSeconds:0.00}-{f.Segment.End.TotalSeconds:0.00} s"))}");
    }

    [Fact]
    public void A_gap_in_the_sound_ends_the_open_segment_and_restarts_the_stream()
    {
        float[] speech = TestAudio.Trim(TestAudio.Speech("Maybe we can all meet near the river tomorrow morning.", "en"));
        float[] signal = TestAudio.Join(TestAudio.Silence(1), speech);
        var collected = new SegmentCollector();
        using SileroVoiceActivityModel model = models.Vad();
        var detector = new VoiceActivityDetector(model, new VoiceActivityOptions(), collected);
        int half = signal.Length / 2 / 512 * 512;

        detector.Push(signal.AsSpan(0, half), TimeSpan.Zero, sequence: 0);
        Assert.True(detector.InSpeech);
        Assert.Empty(collected.Segments);
        // Chunk 1 was lost: the next one is number 2.
        detector.Push(TestAudio.Silence(2), Time(half + 8000), sequence: 2);

        (SpeechSegment segment, _) = Assert.Single(collected.Segments);
        Assert.InRange(segment.End, Time(half) - s_edgeTolerance, Time(half));
        Assert.False(detector.InSpeech);
    }

    private List<(SpeechSegment Segment, int Samples)> Detect(float[] signal, int chunk)
    {
        var collected = new SegmentCollector();
        using SileroVoiceActivityModel model = models.Vad();
        var detector = new VoiceActivityDetector(model, new VoiceActivityOptions(), collected);
        long sequence = 0;
        for (int at = 0; at < signal.Length; at += chunk)
        {
            detector.Push(signal.AsSpan(at, Math.Min(chunk, signal.Length - at)), Time(at), sequence++);
        }

        detector.Flush();
        return collected.Segments;
    }

    private static void AssertNear(TimeSpan expected, TimeSpan actual, string what) =>
        Assert.True((actual - expected).Duration() <= s_edgeTolerance, $"{what}: {actual.TotalSeconds:0.000} s, the speech's edge is at {expected.TotalSeconds:0.000} s");

    private static TimeSpan Time(int samples) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / TestAudio.Rate);

    private sealed class SegmentCollector : ISpeechSegmentHandler
    {
        public List<(SpeechSegment Segment, int Samples)> Segments { get; } = [];

        public void OnSegment(in SpeechSegment segment, ReadOnlySpan<float> samples) => Segments.Add((segment, samples.Length));
    }
}
