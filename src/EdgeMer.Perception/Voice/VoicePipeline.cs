using System.Diagnostics;
using EdgeMer.Affect;
using EdgeMer.Capture;

namespace EdgeMer.Perception.Voice;

/// <summary>
/// The voice modality for one source (one speaker): sound in, one <see cref="VoiceReading"/> per
/// speech segment out. Streaming voice activity finds the segments; each is measured
/// (<see cref="ProsodyAnalyzer"/>), read against the speaker's running norm
/// (<see cref="SpeechAffectEstimator"/>) and turned into an <see cref="Observation"/> of modality
/// voice. Everything is sized at construction; nothing is allocated per chunk or per segment.
/// </summary>
public sealed class VoicePipeline : ISpeechSegmentHandler
{
    private readonly VoiceActivityDetector _detector;
    private readonly ProsodyAnalyzer _prosody;
    private readonly SpeechAffectEstimator _affect = new();
    private readonly IVoiceReadingHandler _handler;
    private readonly SpeechEmotionModel? _emotionModel;
    private readonly bool _inferAffect;
    private long _analysisTicks;
    private long _segments;

    /// <param name="vad">The voice activity model's stream (the pipeline does not own it).</param>
    /// <param name="handler">Where readings go.</param>
    /// <param name="activity">Voice activity settings (defaults when null).</param>
    /// <param name="prosody">Prosody settings (defaults when null).</param>
    /// <param name="emotionModel">A speech-emotion model whose distribution (and, where its manifest anchors the labels, valence and arousal) replaces the heuristic's reading; the pipeline does not own it.</param>
    /// <param name="inferAffect">
    /// False where the purpose forbids inferring emotions (education, workplace: EU AI Act Art. 5(1)(f)):
    /// segments and prosody are still measured and speaking reported, but no valence, arousal or
    /// distribution is inferred (the emotion model is not run either); quality is the voice activity's confidence.
    /// </param>
    public VoicePipeline(SileroVoiceActivityModel vad, IVoiceReadingHandler handler, VoiceActivityOptions? activity = null, ProsodyOptions? prosody = null, SpeechEmotionModel? emotionModel = null, bool inferAffect = true)
    {
        ArgumentNullException.ThrowIfNull(vad);
        ArgumentNullException.ThrowIfNull(handler);
        activity ??= new VoiceActivityOptions();
        _handler = handler;
        _emotionModel = inferAffect ? emotionModel : null;
        _inferAffect = inferAffect;
        _detector = new VoiceActivityDetector(vad, activity, this);
        _prosody = new ProsodyAnalyzer(prosody, activity.MaxSpeech.TotalSeconds + 0.1);
    }

    /// <summary>The streaming voice activity detector (its timing and state).</summary>
    public VoiceActivityDetector Activity => _detector;

    /// <summary>The speaker's running norm.</summary>
    public SpeakerBaseline Baseline => _affect.Baseline;

    /// <summary>Time spent measuring segments and reading their affect so far, in <see cref="Stopwatch"/> ticks.</summary>
    public long AnalysisTicks => _analysisTicks;

    /// <summary>Segments analysed so far.</summary>
    public long Segments => _segments;

    /// <summary>Takes one chunk of sound from a source.</summary>
    public void Push(AudioChunk chunk) => _detector.Push(chunk);

    /// <summary>Takes samples whose first was captured at <paramref name="captureTime"/>, chunk <paramref name="sequence"/> of the stream.</summary>
    public void Push(ReadOnlySpan<float> samples, TimeSpan captureTime, long sequence) => _detector.Push(samples, captureTime, sequence);

    /// <summary>The sound ended: the open segment, if long enough, is analysed.</summary>
    public void Flush() => _detector.Flush();

    /// <summary>Forgets the timing so far (a benchmark's warm-up).</summary>
    public void ResetTiming()
    {
        _analysisTicks = 0;
        _segments = 0;
        _detector.ResetTiming();
    }

    void ISpeechSegmentHandler.OnSegment(in SpeechSegment segment, ReadOnlySpan<float> samples)
    {
        long started = Stopwatch.GetTimestamp();
        ProsodyFeatures prosody = _prosody.Analyze(samples);
        SpeechAffect affect = _inferAffect ? _affect.EstimateAndLearn(prosody) : default;
        EmotionDistribution? emotions = null;
        ValenceArousal? valenceArousal = _inferAffect && affect.Quality > 0 ? affect.Affect : null;
        VoiceAffectSource source = VoiceAffectSource.Heuristic;
        if (_emotionModel is not null)
        {
            (EmotionDistribution modelEmotions, ValenceArousal? modelAffect) = _emotionModel.Classify(samples);
            emotions = modelEmotions;
            valenceArousal = modelAffect ?? valenceArousal;
            source = VoiceAffectSource.Model;
        }

        var observation = new Observation(
            Modality.Voice,
            segment.Window,
            _inferAffect ? affect.Quality : Math.Clamp(segment.MeanProbability, 0f, 1f),
            emotions,
            valenceArousal,
            new ModalityStates(speaking: Math.Clamp(segment.MeanProbability, 0f, 1f)),
            trackId: null);
        _analysisTicks += Stopwatch.GetTimestamp() - started;
        _segments++;
        _handler.OnReading(new VoiceReading(segment, prosody, affect, source, observation));
    }
}
