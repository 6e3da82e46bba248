namespace EdgeMer.Perception.Body;

/// <summary>
/// The One Euro filter (Casiez, Roussel and Vogel, "1€ Filter: A Simple Speed-based Low-pass Filter for
/// Noisy Input in Interactive Systems", CHI 2012): a first-order low-pass whose cutoff rises with the
/// signal's smoothed speed, so a still keypoint is steadied and a moving one follows without lag.
/// </summary>
public struct OneEuroFilter
{
    private float _value, _derivative;
    private TimeSpan _time;
    private bool _started;

    /// <summary>Forgets the signal: the next sample is taken as it is.</summary>
    public void Reset() => _started = false;

    /// <summary>
    /// The filtered value of <paramref name="value"/> sampled at <paramref name="time"/>: cutoff
    /// <paramref name="minCutoff"/> Hz when still, rising by <paramref name="beta"/> Hz per unit of speed,
    /// the speed itself smoothed at <paramref name="derivativeCutoff"/> Hz. A time that does not advance restarts the filter.
    /// </summary>
    public float Filter(float value, TimeSpan time, float minCutoff, float beta, float derivativeCutoff)
    {
        if (!_started || time <= _time)
        {
            _started = true;
            _value = value;
            _derivative = 0;
            _time = time;
            return value;
        }

        float dt = (float)(time - _time).TotalSeconds;
        _time = time;
        float derivative = (value - _value) / dt;
        _derivative += Alpha(derivativeCutoff, dt) * (derivative - _derivative);
        float cutoff = minCutoff + (beta * MathF.Abs(_derivative));
        _value += Alpha(cutoff, dt) * (value - _value);
        return _value;
    }

    private static float Alpha(float cutoff, float dt)
    {
        float tau = 1f / (2f * MathF.PI * cutoff);
        return 1f / (1f + (tau / dt));
    }
}
