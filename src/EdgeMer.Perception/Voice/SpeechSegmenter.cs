using EdgeMer.Affect;

namespace EdgeMer.Perception.Voice;

/// <summary>
/// Turns per-frame speech probabilities into speech segments by hysteresis: speech starts at the first
/// frame at or above <see cref="VoiceActivityOptions.StartThreshold"/>, goes on while frames stay at or
/// above <see cref="VoiceActivityOptions.StopThreshold"/>, and ends at the end of the last such frame
/// once the pause after it has lasted <see cref="VoiceActivityOptions.MinSilence"/>. A segment shorter
/// than <see cref="VoiceActivityOptions.MinSpeech"/> is dropped; one reaching
/// <see cref="VoiceActivityOptions.MaxSpeech"/> is cut there and goes on as a new segment.
/// Arithmetic only, on the caller's thread; nothing is allocated.
/// </summary>
public sealed class SpeechSegmenter
{
    private readonly VoiceActivityOptions _options;
    private bool _inSpeech;
    private TimeSpan _start;
    private TimeSpan _lastSpeechEnd;
    private double _probabilitySum;
    private int _speechFrames;

    public SpeechSegmenter(VoiceActivityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Whether a segment is open.</summary>
    public bool InSpeech => _inSpeech;

    /// <summary>When the open segment started (meaningful while <see cref="InSpeech"/>).</summary>
    public TimeSpan SegmentStart => _start;

    /// <summary>
    /// Takes the speech probability of the frame from <paramref name="frameStart"/> to
    /// <paramref name="frameEnd"/>. On <see cref="SpeechEdge.Ended"/> and <see cref="SpeechEdge.Dropped"/>,
    /// <paramref name="segment"/> is the segment that ended.
    /// </summary>
    public SpeechEdge Push(float probability, TimeSpan frameStart, TimeSpan frameEnd, out SpeechSegment segment)
    {
        segment = default;
        if (!_inSpeech)
        {
            if (probability >= _options.StartThreshold)
            {
                Open(frameStart, frameEnd, probability);
                return SpeechEdge.Started;
            }

            return SpeechEdge.None;
        }

        if (probability >= _options.StopThreshold)
        {
            _lastSpeechEnd = frameEnd;
            _probabilitySum += probability;
            _speechFrames++;
            if (frameEnd - _start >= _options.MaxSpeech)
            {
                segment = new SpeechSegment(new CaptureWindow(_start, frameEnd), (float)(_probabilitySum / _speechFrames), Cut: true);
                _start = frameEnd;
                _probabilitySum = 0;
                _speechFrames = 0;
                return SpeechEdge.Ended;
            }

            return SpeechEdge.None;
        }

        if (frameEnd - _lastSpeechEnd >= _options.MinSilence)
        {
            return Close(out segment);
        }

        return SpeechEdge.None;
    }

    /// <summary>
    /// Ends the open segment at the end of its last speech frame, whatever followed (the sound ended or
    /// has a gap). False when no segment was open.
    /// </summary>
    public bool Flush(out SpeechEdge edge, out SpeechSegment segment)
    {
        if (!_inSpeech)
        {
            edge = SpeechEdge.None;
            segment = default;
            return false;
        }

        edge = Close(out segment);
        return true;
    }

    private void Open(TimeSpan start, TimeSpan end, float probability)
    {
        _inSpeech = true;
        _start = start;
        _lastSpeechEnd = end;
        _probabilitySum = probability;
        _speechFrames = 1;
    }

    private SpeechEdge Close(out SpeechSegment segment)
    {
        _inSpeech = false;
        float mean = _speechFrames > 0 ? (float)(_probabilitySum / _speechFrames) : 0f;
        segment = new SpeechSegment(new CaptureWindow(_start, _lastSpeechEnd), mean, Cut: false);
        return segment.Duration >= _options.MinSpeech ? SpeechEdge.Ended : SpeechEdge.Dropped;
    }
}
