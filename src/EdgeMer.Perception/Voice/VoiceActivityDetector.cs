using System.Diagnostics;
using EdgeMer.Affect;
using EdgeMer.Capture;

namespace EdgeMer.Perception.Voice;

/// <summary>
/// Streaming voice activity: sound of any chunk size is cut into the model's frames, each frame's
/// speech probability from <see cref="SileroVoiceActivityModel"/> goes through the hysteresis of a
/// <see cref="SpeechSegmenter"/>, and every completed segment is handed with its samples to an
/// <see cref="ISpeechSegmentHandler"/>, padded on both sides by <see cref="VoiceActivityOptions.SpeechPad"/>
/// where the sound is there. A gap in the sound (a chunk that does not follow the last one)
/// ends the open segment, forgets the partial frame and restarts the model's stream. Buffers are sized
/// once for the longest segment; nothing is allocated per chunk.
/// </summary>
public sealed class VoiceActivityDetector
{
    private readonly SileroVoiceActivityModel _model;
    private readonly SpeechSegmenter _segmenter;
    private readonly ISpeechSegmentHandler _handler;
    private readonly float[] _frame;
    private readonly float[] _previous;
    private readonly int _padSamples;
    private readonly float[] _speech;
    private int _frameCount;
    private TimeSpan _frameStart;
    private int _speechCount;
    private int _preroll;
    private bool _hasPrevious;
    private long _lastSequence = -1;
    private long _ticks;
    private long _frames;

    public VoiceActivityDetector(SileroVoiceActivityModel model, VoiceActivityOptions options, ISpeechSegmentHandler handler)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        _model = model;
        _segmenter = new SpeechSegmenter(options);
        _handler = handler;
        _frame = new float[model.FrameSamples];
        _previous = new float[model.FrameSamples];
        _padSamples = Math.Min(model.FrameSamples, (int)(options.SpeechPad.Ticks * AudioChunk.SampleRate / TimeSpan.TicksPerSecond));
        _speech = new float[(int)(options.MaxSpeech.Ticks * AudioChunk.SampleRate / TimeSpan.TicksPerSecond) + (2 * model.FrameSamples)];
    }

    /// <summary>Whether a segment is open now.</summary>
    public bool InSpeech => _segmenter.InSpeech;

    /// <summary>The probability of the last frame.</summary>
    public float LastProbability { get; private set; }

    /// <summary>Frames run so far.</summary>
    public long Frames => _frames;

    /// <summary>Time spent in <see cref="Push"/> so far (the model, the framing and the hysteresis; not the handler), in <see cref="Stopwatch"/> ticks.</summary>
    public long Ticks => _ticks;

    /// <summary>Takes one chunk of sound.</summary>
    public void Push(AudioChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        Push(chunk.Samples, chunk.CaptureTime, chunk.Sequence);
    }

    /// <summary>
    /// Takes <paramref name="samples"/> whose first was captured at <paramref name="captureTime"/>;
    /// <paramref name="sequence"/> numbers the chunks of the stream, and one that does not follow the
    /// last is a gap.
    /// </summary>
    public void Push(ReadOnlySpan<float> samples, TimeSpan captureTime, long sequence)
    {
        long started = Stopwatch.GetTimestamp();
        long handlerTicks = 0;
        if (_lastSequence >= 0 && sequence != _lastSequence + 1)
        {
            handlerTicks += Restart();
        }

        _lastSequence = sequence;
        int at = 0;
        while (at < samples.Length)
        {
            if (_frameCount == 0)
            {
                _frameStart = captureTime + SampleTime(at);
            }

            int take = Math.Min(samples.Length - at, _frame.Length - _frameCount);
            samples.Slice(at, take).CopyTo(_frame.AsSpan(_frameCount));
            _frameCount += take;
            at += take;
            if (_frameCount == _frame.Length)
            {
                handlerTicks += RunFrame();
                _frameCount = 0;
            }
        }

        _ticks += Stopwatch.GetTimestamp() - started - handlerTicks;
    }

    /// <summary>Ends the open segment (the sound ended): it is handed on if long enough. The partial frame is forgotten.</summary>
    public void Flush()
    {
        Restart();
        _lastSequence = -1;
    }

    /// <summary>Forgets the timing so far (a benchmark's warm-up).</summary>
    public void ResetTiming()
    {
        _ticks = 0;
        _frames = 0;
        _model.ResetTiming();
    }

    private long Restart()
    {
        long handlerTicks = 0;
        if (_segmenter.Flush(out SpeechEdge edge, out SpeechSegment segment) && edge == SpeechEdge.Ended)
        {
            handlerTicks = Deliver(segment);
        }

        _speechCount = 0;
        _frameCount = 0;
        _hasPrevious = false;
        _model.Reset();
        return handlerTicks;
    }

    private long RunFrame()
    {
        float probability = _model.Probability(_frame);
        LastProbability = probability;
        _frames++;
        TimeSpan frameEnd = _frameStart + SampleTime(_frame.Length);
        bool wasInSpeech = _segmenter.InSpeech;
        SpeechEdge edge = _segmenter.Push(probability, _frameStart, frameEnd, out SpeechSegment segment);
        long handlerTicks = 0;
        switch (edge)
        {
            case SpeechEdge.Started:
                _preroll = _hasPrevious ? _padSamples : 0;
                _previous.AsSpan(_previous.Length - _preroll).CopyTo(_speech);
                _speechCount = _preroll;
                Keep();
                break;
            case SpeechEdge.None when wasInSpeech:
                Keep();
                break;
            case SpeechEdge.Ended:
                if (segment.Cut)
                {
                    Keep();
                }

                handlerTicks = Deliver(segment);
                if (segment.Cut)
                {
                    // The next segment follows on without a pad.
                    _preroll = 0;
                }

                break;
            case SpeechEdge.Dropped:
                _speechCount = 0;
                break;
            default:
                break;
        }

        _frame.CopyTo(_previous, 0);
        _hasPrevious = true;
        return handlerTicks;
    }

    private void Keep()
    {
        int take = Math.Min(_frame.Length, _speech.Length - _speechCount);
        _frame.AsSpan(0, take).CopyTo(_speech.AsSpan(_speechCount));
        _speechCount += take;
    }

    private long Deliver(in SpeechSegment segment)
    {
        long started = Stopwatch.GetTimestamp();
        // The buffer starts _preroll samples before the segment; pad its end with what followed, as far as there is.
        int length = (int)Math.Min(_speechCount - _preroll, Math.Round(segment.Duration.Ticks * (double)AudioChunk.SampleRate / TimeSpan.TicksPerSecond));
        int after = Math.Min(_padSamples, _speechCount - _preroll - length);
        var padded = segment with { Window = new CaptureWindow(segment.Start - SampleTime(_preroll), segment.End + SampleTime(after)) };
        _handler.OnSegment(in padded, _speech.AsSpan(0, _preroll + length + after));
        _speechCount = 0;
        return Stopwatch.GetTimestamp() - started;
    }

    private static TimeSpan SampleTime(int samples) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / AudioChunk.SampleRate);
}
