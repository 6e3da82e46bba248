namespace EdgeMer.Perception.Face;

/// <summary>
/// One face's eyes, mouth and head over time, driven by the capture time of each frame (so it is
/// deterministic: the frames' timestamps are its clock). Eye openness comes from the eye aspect ratio;
/// the eyes are closed at openness ≤ <see cref="FaceStateOptions.ClosedOpenness"/> and open again
/// above <see cref="FaceStateOptions.ReopenedOpenness"/>. A closure that ends within
/// <see cref="FaceStateOptions.MaxBlink"/> is a blink. PERCLOS is the share of the window's time the
/// eyes were closed, each frame's state lasting until the next frame. A yawn is the mouth held wide
/// open for <see cref="FaceStateOptions.MinYawn"/>, counted once. Eyes are off the road while the head
/// is turned past the yaw or pitch limit. All buffers are allocated once.
/// </summary>
public sealed class FaceStateTracker
{
    private readonly FaceStateOptions _options;
    private readonly long[] _sampleTimes;
    private readonly bool[] _sampleClosed;
    private readonly long[] _blinkTimes;
    private readonly long[] _yawnTimes;
    private int _sampleStart, _sampleCount;
    private int _blinkStart, _blinkCount;
    private int _yawnStart, _yawnCount;
    private TimeSpan? _first;
    private TimeSpan _last;
    private bool _closed;
    private TimeSpan _closedSince;
    private TimeSpan? _mouthWideSince;
    private bool _yawnCounted;
    private TimeSpan? _offRoadSince;

    public FaceStateTracker(FaceStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _sampleTimes = new long[options.WindowCapacity];
        _sampleClosed = new bool[options.WindowCapacity];
        _blinkTimes = new long[Math.Min(options.WindowCapacity, 1024)];
        _yawnTimes = new long[Math.Min(options.WindowCapacity, 256)];
    }

    /// <summary>Blinks seen since the tracker started or was reset.</summary>
    public int Blinks { get; private set; }

    /// <summary>Yawns seen since the tracker started or was reset.</summary>
    public int Yawns { get; private set; }

    /// <summary>Eye openness 0 (closed) to 1 (open as usual) of an eye aspect ratio.</summary>
    public float Openness(float eyeAspectRatio) =>
        Math.Clamp((eyeAspectRatio - _options.ClosedEyeRatio) / (_options.OpenEyeRatio - _options.ClosedEyeRatio), 0f, 1f);

    /// <summary>Forgets everything (a new person, or the clock went back).</summary>
    public void Reset()
    {
        _sampleStart = _sampleCount = _blinkStart = _blinkCount = _yawnStart = _yawnCount = 0;
        _first = null;
        _closed = false;
        _mouthWideSince = null;
        _yawnCounted = false;
        _offRoadSince = null;
        Blinks = 0;
        Yawns = 0;
    }

    /// <summary>Takes one frame's measurements at capture time <paramref name="time"/> and reads the state.</summary>
    public FaceStateReading Update(TimeSpan time, float eyeOpenness, float mouthOpening, HeadPose pose)
    {
        if (_first is not null && time < _last)
        {
            Reset();
        }

        _first ??= time;
        _last = time;
        eyeOpenness = float.IsFinite(eyeOpenness) ? Math.Clamp(eyeOpenness, 0f, 1f) : 0f;

        // Eyes: closed with hysteresis; a short closure that ends is a blink.
        if (!_closed && eyeOpenness <= _options.ClosedOpenness)
        {
            _closed = true;
            _closedSince = time;
        }
        else if (_closed && eyeOpenness > _options.ReopenedOpenness)
        {
            _closed = false;
            if (time - _closedSince <= _options.MaxBlink)
            {
                Blinks++;
                Push(_blinkTimes, ref _blinkStart, ref _blinkCount, time.Ticks);
            }
        }

        Push(_sampleTimes, ref _sampleStart, ref _sampleCount, time.Ticks);
        _sampleClosed[(_sampleStart + _sampleCount - 1) % _sampleClosed.Length] = _closed;

        // Mouth: wide open long enough is one yawn.
        bool wide = float.IsFinite(mouthOpening) && mouthOpening >= _options.YawnOpening;
        if (!wide)
        {
            _mouthWideSince = null;
            _yawnCounted = false;
        }
        else
        {
            _mouthWideSince ??= time;
            if (!_yawnCounted && time - _mouthWideSince.Value >= _options.MinYawn)
            {
                _yawnCounted = true;
                Yawns++;
                Push(_yawnTimes, ref _yawnStart, ref _yawnCount, time.Ticks);
            }
        }

        // Head: turned past either limit is off the road.
        bool offRoad = Math.Abs(pose.YawDegrees) > _options.OffRoadYawDegrees || Math.Abs(pose.PitchDegrees) > _options.OffRoadPitchDegrees;
        if (!offRoad)
        {
            _offRoadSince = null;
        }
        else
        {
            _offRoadSince ??= time;
        }

        TimeSpan windowStart = time - _options.Window;
        Evict(_blinkTimes, ref _blinkStart, ref _blinkCount, windowStart.Ticks);
        Evict(_yawnTimes, ref _yawnStart, ref _yawnCount, windowStart.Ticks);
        // Of the samples, keep the last one before the window: its state lasts into the window.
        while (_sampleCount > 1 && _sampleTimes[(_sampleStart + 1) % _sampleTimes.Length] <= windowStart.Ticks)
        {
            _sampleStart = (_sampleStart + 1) % _sampleTimes.Length;
            _sampleCount--;
        }

        // Rates and shares over the part of the window the face has been watched (at least a second).
        TimeSpan watched = time - _first.Value < _options.Window ? time - _first.Value : _options.Window;
        double minutes = Math.Max(watched.TotalMinutes, 1.0 / 60);
        return new FaceStateReading(
            eyeOpenness,
            _closed,
            _closed ? (float)(time - _closedSince).TotalSeconds : 0f,
            Blinks,
            (float)Math.Min(_blinkCount / minutes, 600),
            Perclos(windowStart.Ticks, time.Ticks),
            float.IsFinite(mouthOpening) ? Math.Max(0, mouthOpening) : 0f,
            _yawnCounted,
            Yawns,
            (float)Math.Min(_yawnCount / minutes, 600),
            offRoad,
            _offRoadSince is { } since ? (float)(time - since).TotalSeconds : 0f);
    }

    /// <summary>The share of [windowStart, now] (from the first sample on) the eyes were closed.</summary>
    private float Perclos(long windowStart, long now)
    {
        long closed = 0, total = 0;
        for (int i = 0; i < _sampleCount; i++)
        {
            int at = (_sampleStart + i) % _sampleTimes.Length;
            long from = Math.Max(_sampleTimes[at], windowStart);
            long to = i + 1 < _sampleCount ? _sampleTimes[(at + 1) % _sampleTimes.Length] : now;
            if (to <= from)
            {
                continue;
            }

            total += to - from;
            if (_sampleClosed[at])
            {
                closed += to - from;
            }
        }

        // One frame so far has no duration: its state is the whole of what was seen.
        return total == 0 ? (_closed ? 1f : 0f) : (float)closed / total;
    }

    private static void Push(long[] ring, ref int start, ref int count, long value)
    {
        if (count == ring.Length)
        {
            // Full: the oldest entry gives way (the window holds more frames than it was sized for).
            start = (start + 1) % ring.Length;
            count--;
        }

        ring[(start + count) % ring.Length] = value;
        count++;
    }

    private static void Evict(long[] ring, ref int start, ref int count, long before)
    {
        while (count > 0 && ring[start] < before)
        {
            start = (start + 1) % ring.Length;
            count--;
        }
    }
}
