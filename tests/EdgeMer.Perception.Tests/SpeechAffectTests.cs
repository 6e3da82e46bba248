using EdgeMer.Affect;
using EdgeMer.Perception.Voice;
using Xunit.Abstractions;

namespace EdgeMer.Perception.Tests;

/// <summary>
/// The speech affect heuristic on espeak-ng renderings of the same sentence spoken loud, fast and high
/// or quiet, slow and low, each read against its speaker's norm learnt from neutral renderings.
/// </summary>
public sealed class SpeechAffectTests(ITestOutputHelper output)
{
    private const string Sentence = "We will have to leave the house before nine tomorrow.";

    private static readonly string[] s_neutralSentences =
    [
        "Maybe we can all meet near the river tomorrow morning.",
        "Our lunch was ready long before anyone arrived.",
        "Nobody knew where the yellow van was going.",
        "The garden looks lovely in the early summer light.",
        "I think the meeting moved to another room.",
    ];

    private static readonly string[] s_voices = ["en", "en+f3", "en+m3", "en-us+f4"];

    public static TheoryData<string> Voices => [.. s_voices];

    [Theory]
    [MemberData(nameof(Voices))]
    public void Arousal_ranks_loud_fast_high_speech_above_quiet_slow_low_speech_of_the_same_voice(string voice)
    {
        SpeechAffectEstimator estimator = Acquainted(voice);

        SpeechAffect aroused = estimator.Estimate(Measure(voice, Aroused));
        SpeechAffect neutral = estimator.Estimate(Measure(voice, Neutral));
        SpeechAffect calm = estimator.Estimate(Measure(voice, Calm));

        Report(voice, "aroused", aroused);
        Report(voice, "neutral", neutral);
        Report(voice, "calm", calm);
        Assert.True(aroused.Affect.Arousal > neutral.Affect.Arousal, $"{voice}: aroused {aroused.Affect.Arousal:0.00} <= neutral {neutral.Affect.Arousal:0.00}");
        Assert.True(neutral.Affect.Arousal > calm.Affect.Arousal, $"{voice}: neutral {neutral.Affect.Arousal:0.00} <= calm {calm.Affect.Arousal:0.00}");
        Assert.True(aroused.Affect.Arousal > 0.3f, $"{voice}: aroused speech reads {aroused.Affect.Arousal:0.00}");
        Assert.True(calm.Affect.Arousal < -0.3f, $"{voice}: calm speech reads {calm.Affect.Arousal:0.00}");
        Assert.InRange(Math.Abs(aroused.Affect.Valence), 0f, SpeechAffectEstimator.MaxValence);
        Assert.InRange(Math.Abs(calm.Affect.Valence), 0f, SpeechAffectEstimator.MaxValence);
    }

    [Fact]
    public void Each_speakers_norm_makes_the_ranking_hold_across_voices_whose_raw_pitch_does_not()
    {
        var aroused = new List<(string Voice, ProsodyFeatures Raw, SpeechAffect Read)>();
        var calm = new List<(string Voice, ProsodyFeatures Raw, SpeechAffect Read)>();
        foreach (string voice in s_voices)
        {
            SpeechAffectEstimator estimator = Acquainted(voice);
            ProsodyFeatures loud = Measure(voice, Aroused), quiet = Measure(voice, Calm);
            aroused.Add((voice, loud, estimator.Estimate(loud)));
            calm.Add((voice, quiet, estimator.Estimate(quiet)));
        }

        // The confound the norm is there for: a high voice speaking calmly is higher than a low voice speaking excitedly.
        float calmHighest = calm.Max(c => c.Raw.F0MeanHz), arousedLowest = aroused.Min(a => a.Raw.F0MeanHz);
        output.WriteLine($"raw F0: calm up to {calmHighest:0} Hz, aroused from {arousedLowest:0} Hz");
        Assert.True(calmHighest > arousedLowest, "the voices' raw pitch ranges do not overlap, so this test shows nothing");

        float calmMax = calm.Max(c => c.Read.Affect.Arousal), arousedMin = aroused.Min(a => a.Read.Affect.Arousal);
        output.WriteLine($"arousal: calm up to {calmMax:0.00}, aroused from {arousedMin:0.00}");
        Assert.True(arousedMin > calmMax, $"aroused speech of some voice ({arousedMin:0.00}) reads below calm speech of another ({calmMax:0.00})");
    }

    [Fact]
    public void A_speakers_norm_centres_their_usual_voice_and_scores_departures_in_their_own_spread()
    {
        var baseline = new SpeakerBaseline();
        for (int i = 0; i < 200; i++)
        {
            baseline.Learn(new ProsodyFeatures { F0MeanSemitones = 40 + (i % 2 == 0 ? 1f : -1f), F0MeanHz = 200 });
        }

        // The speaker: 40 semitones with a spread of 1. Against a prior worth 3 segments (29.4 st, far
        // below), 200 segments still leave the norm 0.16 st low.
        Assert.InRange(baseline.ZScore(SpeechCue.PitchLevel, 40), 0f, 0.2f);
        Assert.InRange(baseline.ZScore(SpeechCue.PitchLevel, 42), 1.65f, 2.35f);
        Assert.InRange(baseline.ZScore(SpeechCue.PitchLevel, 38), -2.35f, -1.65f);
        Assert.Equal(0f, baseline.ZScore(SpeechCue.PitchLevel, float.NaN));
    }

    [Fact]
    public void Quality_reflects_speech_duration_and_voicing()
    {
        var estimator = new SpeechAffectEstimator();
        float[] sentence = TestAudio.Trim(TestAudio.Speech(Sentence, "en"));
        ProsodyAnalyzer analyzer = new();

        float whole = estimator.Estimate(analyzer.Analyze(sentence)).Quality;
        float half = estimator.Estimate(analyzer.Analyze(sentence.AsSpan(0, TestAudio.Rate / 2))).Quality;
        float noise = estimator.Estimate(analyzer.Analyze(TestAudio.Synth(2, "whitenoise", "vol", "0.1"))).Quality;

        output.WriteLine($"quality: sentence {whole:0.00}, its first half second {half:0.00}, noise {noise:0.00}");
        Assert.True(whole > half, $"a whole sentence ({whole:0.00}) is not trusted more than half a second of it ({half:0.00})");
        Assert.Equal(0f, noise);
    }

    private void Report(string voice, string how, SpeechAffect a) =>
        output.WriteLine($"{voice} {how}: arousal {a.Affect.Arousal:0.00} valence {a.Affect.Valence:0.00} (z: level {a.IntensityZ:0.0}, pitch {a.PitchLevelZ:0.0}, pitch sd {a.PitchVariabilityZ:0.0}, rate {a.SpeakingRateZ:0.0}, alpha {a.SpectralBalanceZ:0.0}, hnr {a.HarmonicityZ:0.0}) quality {a.Quality:0.00}");

    private static (int Pitch, int WordsPerMinute, int Amplitude) Neutral => (50, 160, 100);

    private static (int Pitch, int WordsPerMinute, int Amplitude) Aroused => (80, 230, 190);

    private static (int Pitch, int WordsPerMinute, int Amplitude) Calm => (20, 110, 40);

    /// <summary>An estimator that has learnt <paramref name="voice"/>'s norm from neutral renderings of other sentences.</summary>
    private static SpeechAffectEstimator Acquainted(string voice)
    {
        var estimator = new SpeechAffectEstimator();
        foreach (string sentence in s_neutralSentences)
        {
            estimator.EstimateAndLearn(new ProsodyAnalyzer().Analyze(TestAudio.Trim(TestAudio.Speech(sentence, voice, Neutral.Pitch, Neutral.WordsPerMinute, Neutral.Amplitude))));
        }

        return estimator;
    }

    private static ProsodyFeatures Measure(string voice, (int Pitch, int WordsPerMinute, int Amplitude) how) =>
        new ProsodyAnalyzer().Analyze(TestAudio.Trim(TestAudio.Speech(Sentence, voice, how.Pitch, how.WordsPerMinute, how.Amplitude)));
}
