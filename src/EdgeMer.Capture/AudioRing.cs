namespace EdgeMer.Capture;

/// <summary>
/// The most recent stretch of sound from one source, for stages that look at a window wider than a
/// chunk (a voice-activity detector that needs the end of the previous chunk, an emotion model that
/// takes two seconds of speech). Chunks are appended as they arrive and windows copied out with the
/// capture time of their first sample; a window never spans a gap: when a chunk does not follow the
/// last one (samples were dropped, or the source restarted), the ring starts over. One writer, any
/// number of readers; nothing is allocated after construction.
/// </summary>
public sealed class AudioRing
{
    private readonly float[] _samples;
    private readonly Lock _gate = new();
    private long _written;
    private int _count;
    private long _lastSequence = -1;
    private TimeSpan _endTime;
    private long _gaps;

    /// <param name="capacity">How many of the latest samples are kept (16000 a second).</param>
    public AudioRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _samples = new float[capacity];
    }

    /// <summary>How many samples the ring keeps at most.</summary>
    public int Capacity => _samples.Length;

    /// <summary>How many samples it holds now (since it last started over).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>How many times it started over because a chunk did not follow the last one.</summary>
    public long Gaps
    {
        get
        {
            lock (_gate)
            {
                return _gaps;
            }
        }
    }

    /// <summary>Appends <paramref name="chunk"/>'s samples; starts over first when the chunk does not follow the last one appended.</summary>
    public void Append(AudioChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ReadOnlySpan<float> samples = chunk.Samples;
        lock (_gate)
        {
            if (_lastSequence >= 0 && chunk.Sequence != _lastSequence + 1)
            {
                _count = 0;
                _gaps++;
            }

            _lastSequence = chunk.Sequence;
            _endTime = chunk.CaptureTime + chunk.Duration;
            if (samples.Length >= _samples.Length)
            {
                samples = samples[^_samples.Length..];
            }

            int at = (int)(_written % _samples.Length);
            int first = Math.Min(samples.Length, _samples.Length - at);
            samples[..first].CopyTo(_samples.AsSpan(at));
            samples[first..].CopyTo(_samples);
            _written += samples.Length;
            _count = Math.Min(_count + samples.Length, _samples.Length);
        }
    }

    /// <summary>
    /// Copies the latest <paramref name="destination"/>.Length samples, oldest first, and says when the
    /// first of them was captured. False (and nothing copied) while the ring holds fewer.
    /// </summary>
    public bool TryCopyLatest(Span<float> destination, out TimeSpan startTime)
    {
        lock (_gate)
        {
            if (destination.Length > _count)
            {
                startTime = default;
                return false;
            }

            long start = _written - destination.Length;
            int at = (int)(start % _samples.Length);
            int first = Math.Min(destination.Length, _samples.Length - at);
            _samples.AsSpan(at, first).CopyTo(destination);
            _samples.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
            startTime = _endTime - TimeSpan.FromTicks(destination.Length * TimeSpan.TicksPerSecond / AudioChunk.SampleRate);
            return true;
        }
    }

    /// <summary>Forgets everything held (the source was stopped, by the privacy switch for example).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _count = 0;
            _lastSequence = -1;
        }
    }
}
