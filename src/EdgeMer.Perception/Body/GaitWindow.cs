namespace EdgeMer.Perception.Body;

/// <summary>
/// One track's sliding window of smoothed poses and the gait and posture measured over it. Every buffer
/// is sized at construction, so adding poses and measuring allocate nothing.
/// </summary>
/// <remarks>
/// Body height H is estimated from segment lengths, which do not change as the legs bend or the trunk
/// leans: shoulder→hip + hip→knee + knee→ankle, which Winter's anthropometric proportions put at
/// 0.779 H (shoulder height 0.818 H less ankle height 0.039 H; Winter, <i>Biomechanics and Motor Control
/// of Human Movement</i>, 4th ed., 2009, fig. 4.1), averaged over the sides seen and the window; when
/// no side's leg is seen whole, shoulder→hip over 0.288 H.
/// </remarks>
public sealed class GaitWindow
{
    /// <summary>Shoulder-to-ankle segment lengths as a share of body height (Winter).</summary>
    public const float SegmentShareOfHeight = 0.779f;

    /// <summary>Shoulder-to-hip length as a share of body height (Winter: 0.818 H less 0.530 H), used when the legs are not seen.</summary>
    public const float TrunkShareOfHeight = 0.288f;

    private const int K = BodyPose.KeypointCount;
    private const float MinStrideSeconds = 0.6f, MaxStrideSeconds = 2.0f, MinPeriodicity = 0.4f;
    private const float MinAnkleAlternation = 0.04f, SittingThighDegrees = 50f, MinFacingOffset = 0.02f, ProfileShoulderSpread = 0.4f;

    private readonly int _capacity;
    private readonly TimeSpan _window;
    private readonly double[] _time;
    private readonly float[] _x, _y, _score;
    private readonly bool[] _seen;
    private readonly float[] _signalX, _signalY;
    private readonly float[] _heelX, _heelY;
    private readonly bool[] _heelsSeen;
    private int _start, _count;

    public GaitWindow(int capacity, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 16);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _capacity = capacity;
        _window = window;
        _time = new double[capacity];
        _x = new float[capacity * K];
        _y = new float[capacity * K];
        _score = new float[capacity * K];
        _seen = new bool[capacity * K];
        _signalX = new float[capacity];
        _signalY = new float[capacity];
        _heelX = new float[capacity * 2];
        _heelY = new float[capacity * 2];
        _heelsSeen = new bool[capacity];
    }

    /// <summary>Poses in the window.</summary>
    public int Count => _count;

    /// <summary>Capture time of the oldest pose in the window.</summary>
    public TimeSpan Start => _count == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(_time[_start]);

    /// <summary>Capture time of the newest pose in the window.</summary>
    public TimeSpan End => _count == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(_time[Slot(_count - 1)]);

    public void Clear()
    {
        _start = 0;
        _count = 0;
    }

    /// <summary>
    /// Adds <paramref name="pose"/> (its joints at or above <paramref name="minScore"/> count as seen) and drops
    /// what falls out of the window. A pose that does not come after the newest one restarts the window.
    /// </summary>
    public void Add(BodyPose pose, float minScore)
    {
        ArgumentNullException.ThrowIfNull(pose);
        double time = pose.CaptureTime.TotalSeconds;
        if (_count > 0 && time <= _time[Slot(_count - 1)])
        {
            Clear();
        }

        if (_count == _capacity)
        {
            _start = (_start + 1) % _capacity;
            _count--;
        }

        int slot = Slot(_count);
        _count++;
        _time[slot] = time;
        for (int k = 0; k < K; k++)
        {
            _x[(slot * K) + k] = pose.X[k];
            _y[(slot * K) + k] = pose.Y[k];
            _score[(slot * K) + k] = pose.Score[k];
            _seen[(slot * K) + k] = pose.Score[k] >= minScore;
        }

        // Heels, where the model gives them (BlazePose): the stride reads them rather than the ankles.
        _heelsSeen[slot] = pose.HasFeet && pose.ScoreOf(BodyFootPoint.LeftHeel) >= minScore && pose.ScoreOf(BodyFootPoint.RightHeel) >= minScore;
        _heelX[2 * slot] = pose.FootX[(int)BodyFootPoint.LeftHeel];
        _heelY[2 * slot] = pose.FootY[(int)BodyFootPoint.LeftHeel];
        _heelX[(2 * slot) + 1] = pose.FootX[(int)BodyFootPoint.RightHeel];
        _heelY[(2 * slot) + 1] = pose.FootY[(int)BodyFootPoint.RightHeel];

        double oldest = time - _window.TotalSeconds;
        while (_count > 1 && _time[_start] < oldest)
        {
            _start = (_start + 1) % _capacity;
            _count--;
        }
    }

    /// <summary>Measures gait and posture over the poses now in the window.</summary>
    public GaitFeatures Measure()
    {
        int n = _count;
        if (n == 0)
        {
            return default;
        }

        double span = _time[Slot(n - 1)] - _time[_start];
        int seenTotal = 0;
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < K; k++)
            {
                seenTotal += Seen(i, k) ? 1 : 0;
            }
        }

        float visibility = seenTotal / (float)(n * K);
        float? height = BodyHeight();
        if (height is not float h || n < 4)
        {
            return new GaitFeatures { WindowSeconds = span, Poses = n, Visibility = visibility, BodyHeightPixels = height };
        }

        float? speed = HipDrift(out float driftX, out float driftY) ? MathF.Sqrt((driftX * driftX) + (driftY * driftY)) / h : null;
        float? facing = Facing(h, driftX);
        float? period = StridePeriod(h, span, out float alternation);
        bool periodic = period is not null && alternation >= MinAnkleAlternation;
        float? thigh = ThighAngle();
        BodyActivity activity = periodic ? BodyActivity.Walking
            : thigh > SittingThighDegrees ? BodyActivity.Sitting
            : BodyActivity.Standing;
        return new GaitFeatures
        {
            WindowSeconds = span,
            Poses = n,
            Visibility = visibility,
            BodyHeightPixels = h,
            Activity = activity,
            Speed = speed,
            Cadence = periodic ? 120f / period : null,
            StrideFromHeels = periodic && UsesHeels(),
            StrideLength = periodic && speed is float v ? v * period : null,
            ArmSwingDegrees = ArmSwing(),
            TrunkLeanDegrees = TrunkLean(facing),
            HeadPitchDegrees = facing is float f ? HeadPitch(f, h) : null,
            Expansion = Expansion(h),
            Jerk = Jerk(h),
            Sway = Sway(h),
        };
    }

    private int Slot(int i) => (_start + i) % _capacity;

    /// <summary>
    /// Whether the stride reads the heels: both seen in at least 80 % of the window's poses (a model
    /// with feet), else the ankles. Each step begins with the heel striking the ground, the event gait
    /// analysis times steps by, and the heel lies nearer the ground than the ankle the model guesses above it.
    /// </summary>
    public bool UsesHeels()
    {
        int seen = 0;
        for (int i = 0; i < _count; i++)
        {
            seen += _heelsSeen[Slot(i)] ? 1 : 0;
        }

        return _count > 0 && seen >= 0.8 * _count;
    }

    /// <summary>Whether joint <paramref name="k"/> of pose <paramref name="i"/> (0 the oldest in the window) was seen.</summary>
    internal bool Seen(int i, int k) => _seen[(Slot(i) * K) + k];

    internal float X(int i, int k) => _x[(Slot(i) * K) + k];

    internal float Y(int i, int k) => _y[(Slot(i) * K) + k];

    internal float Score(int i, int k) => _score[(Slot(i) * K) + k];

    private double T(int i) => _time[Slot(i)];

    private bool Seen(int i, BodyKeypoint k) => Seen(i, (int)k);

    private float Distance(int i, BodyKeypoint a, BodyKeypoint b)
    {
        float dx = X(i, (int)a) - X(i, (int)b), dy = Y(i, (int)a) - Y(i, (int)b);
        return MathF.Sqrt((dx * dx) + (dy * dy));
    }

    /// <summary>The middle of a left/right pair, or the one seen.</summary>
    internal bool Middle(int i, BodyKeypoint left, BodyKeypoint right, out float x, out float y)
    {
        bool l = Seen(i, left), r = Seen(i, right);
        if (l && r)
        {
            x = (X(i, (int)left) + X(i, (int)right)) / 2;
            y = (Y(i, (int)left) + Y(i, (int)right)) / 2;
            return true;
        }

        BodyKeypoint one = l ? left : right;
        x = X(i, (int)one);
        y = Y(i, (int)one);
        return l || r;
    }

    private float? BodyHeight()
    {
        double sum = 0, trunkSum = 0;
        int count = 0, trunks = 0;
        for (int i = 0; i < _count; i++)
        {
            for (int side = 0; side < 2; side++)
            {
                BodyKeypoint shoulder = BodyKeypoint.LeftShoulder + side, hip = BodyKeypoint.LeftHip + side;
                BodyKeypoint knee = BodyKeypoint.LeftKnee + side, ankle = BodyKeypoint.LeftAnkle + side;
                if (Seen(i, shoulder) && Seen(i, hip))
                {
                    float trunk = Distance(i, shoulder, hip);
                    trunkSum += trunk / TrunkShareOfHeight;
                    trunks++;
                    if (Seen(i, knee) && Seen(i, ankle))
                    {
                        sum += (trunk + Distance(i, hip, knee) + Distance(i, knee, ankle)) / SegmentShareOfHeight;
                        count++;
                    }
                }
            }
        }

        // The trunk alone when the legs are never seen whole (a desk, a table, a close camera).
        double height = count > 0 ? sum / count : trunks > 0 ? trunkSum / trunks : 0;
        return height > 0 ? (float)height : null;
    }

    /// <summary>The hips' steady drift in pixels per second: least-squares slopes over the window.</summary>
    private bool HipDrift(out float slopeX, out float slopeY)
    {
        double st = 0, sx = 0, sy = 0, stt = 0, stx = 0, sty = 0;
        int count = 0;
        double t0 = T(0);
        for (int i = 0; i < _count; i++)
        {
            if (Middle(i, BodyKeypoint.LeftHip, BodyKeypoint.RightHip, out float x, out float y))
            {
                double t = T(i) - t0;
                st += t;
                sx += x;
                sy += y;
                stt += t * t;
                stx += t * x;
                sty += t * y;
                count++;
            }
        }

        double den = (count * stt) - (st * st);
        if (count < Math.Max(4, _count / 2) || den <= 1e-12)
        {
            slopeX = slopeY = 0;
            return false;
        }

        slopeX = (float)(((count * stx) - (st * sx)) / den);
        slopeY = (float)(((count * sty) - (st * sy)) / den);
        return true;
    }

    /// <summary>
    /// +1 facing right, −1 left: in profile (the shoulders less than 0.4 trunk lengths apart across the image),
    /// where the nose is off the shoulders; else the way the hips drift; null when neither tells (a person
    /// facing the camera and standing still).
    /// </summary>
    private float? Facing(float height, float driftX)
    {
        double offset = 0, spread = 0, trunk = 0;
        int count = 0, pairs = 0;
        for (int i = 0; i < _count; i++)
        {
            if (Seen(i, BodyKeypoint.Nose) && Middle(i, BodyKeypoint.LeftShoulder, BodyKeypoint.RightShoulder, out float x, out float y)
                && Middle(i, BodyKeypoint.LeftHip, BodyKeypoint.RightHip, out float hx, out float hy))
            {
                offset += X(i, (int)BodyKeypoint.Nose) - x;
                count++;
                if (Seen(i, BodyKeypoint.LeftShoulder) && Seen(i, BodyKeypoint.RightShoulder))
                {
                    spread += MathF.Abs(X(i, (int)BodyKeypoint.LeftShoulder) - X(i, (int)BodyKeypoint.RightShoulder));
                    trunk += MathF.Sqrt(((x - hx) * (x - hx)) + ((y - hy) * (y - hy)));
                    pairs++;
                }
            }
        }

        bool profile = pairs == 0 || spread < ProfileShoulderSpread * trunk;
        if (profile && count > 0 && Math.Abs(offset / count) >= MinFacingOffset * height)
        {
            return offset > 0 ? 1f : -1f;
        }

        return Math.Abs(driftX) >= 0.1f * height ? MathF.Sign(driftX) : null;
    }

    /// <summary>
    /// The stride period in seconds from the alternation of the heels where seen (<see cref="UsesHeels"/>),
    /// else of the ankles (their horizontal, or vertical,
    /// difference, whichever varies more): the first autocorrelation peak between 0.6 and 2 s within 85 %
    /// of the highest, at least 0.4, refined by a parabola. <paramref name="alternation"/>: the
    /// alternation's amplitude in body heights.
    /// </summary>
    private float? StridePeriod(float height, double span, out float alternation)
    {
        alternation = 0;
        int n = _count, seen = 0;
        float lastX = 0, lastY = 0;
        bool heels = UsesHeels();
        for (int i = 0; i < n; i++)
        {
            if (heels)
            {
                if (_heelsSeen[Slot(i)])
                {
                    int at = 2 * Slot(i);
                    lastX = (_heelX[at] - _heelX[at + 1]) / height;
                    lastY = (_heelY[at] - _heelY[at + 1]) / height;
                    seen++;
                }
            }
            else if (Seen(i, BodyKeypoint.LeftAnkle) && Seen(i, BodyKeypoint.RightAnkle))
            {
                lastX = (X(i, (int)BodyKeypoint.LeftAnkle) - X(i, (int)BodyKeypoint.RightAnkle)) / height;
                lastY = (Y(i, (int)BodyKeypoint.LeftAnkle) - Y(i, (int)BodyKeypoint.RightAnkle)) / height;
                seen++;
            }

            // An ankle unseen for a moment holds its last difference.
            _signalX[i] = lastX;
            _signalY[i] = lastY;
        }

        if (seen < 0.8 * n || span <= 0)
        {
            return null;
        }

        double varX = CenterAndVariance(_signalX.AsSpan(0, n)), varY = CenterAndVariance(_signalY.AsSpan(0, n));
        Span<float> signal = (varX >= varY ? _signalX : _signalY).AsSpan(0, n);
        double variance = Math.Max(varX, varY);
        alternation = (float)Math.Sqrt(2 * variance);
        if (variance <= 1e-9)
        {
            return null;
        }

        double dt = span / (n - 1);
        int minLag = Math.Max(1, (int)Math.Ceiling(MinStrideSeconds / dt));
        int maxLag = Math.Min((int)Math.Floor(MaxStrideSeconds / dt), (2 * n) / 3);
        if (maxLag <= minLag + 1)
        {
            return null;
        }

        double best = double.NegativeInfinity;
        for (int lag = minLag; lag <= maxLag; lag++)
        {
            best = Math.Max(best, Autocorrelation(signal, lag, variance));
        }

        if (best < MinPeriodicity)
        {
            return null;
        }

        for (int lag = minLag; lag <= maxLag; lag++)
        {
            double r = Autocorrelation(signal, lag, variance);
            double before = Autocorrelation(signal, lag - 1, variance), after = lag + 1 < n ? Autocorrelation(signal, lag + 1, variance) : double.NegativeInfinity;
            if (r >= 0.85 * best && r >= before && r >= after)
            {
                double curvature = before - (2 * r) + after;
                double shift = double.IsFinite(after) && curvature < 0 ? 0.5 * (before - after) / curvature : 0;
                return (float)((lag + Math.Clamp(shift, -0.5, 0.5)) * dt);
            }
        }

        return null;
    }

    private static double CenterAndVariance(Span<float> values)
    {
        double mean = 0;
        foreach (float v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        double variance = 0;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] -= (float)mean;
            variance += values[i] * values[i];
        }

        return variance / values.Length;
    }

    private static double Autocorrelation(ReadOnlySpan<float> centred, int lag, double variance)
    {
        double sum = 0;
        int pairs = centred.Length - lag;
        for (int i = 0; i < pairs; i++)
        {
            sum += centred[i] * centred[i + lag];
        }

        return sum / pairs / variance;
    }

    private float? ThighAngle()
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < _count; i++)
        {
            for (int side = 0; side < 2; side++)
            {
                BodyKeypoint hip = BodyKeypoint.LeftHip + side, knee = BodyKeypoint.LeftKnee + side;
                if (Seen(i, hip) && Seen(i, knee))
                {
                    float dx = X(i, (int)knee) - X(i, (int)hip), dy = Y(i, (int)knee) - Y(i, (int)hip);
                    sum += Degrees(MathF.Atan2(MathF.Abs(dx), dy));
                    count++;
                }
            }
        }

        return count >= _count / 2 && count > 0 ? (float)(sum / count) : null;
    }

    /// <summary>Per arm, √2 × the standard deviation of the shoulder→wrist line's angle to the shoulder→hip line; the arms seen averaged.</summary>
    private float? ArmSwing()
    {
        double total = 0;
        int arms = 0;
        for (int side = 0; side < 2; side++)
        {
            BodyKeypoint shoulder = BodyKeypoint.LeftShoulder + side, wrist = BodyKeypoint.LeftWrist + side, hip = BodyKeypoint.LeftHip + side;
            double sum = 0, squares = 0;
            int count = 0;
            for (int i = 0; i < _count; i++)
            {
                if (Seen(i, shoulder) && Seen(i, wrist) && Seen(i, hip))
                {
                    float ax = X(i, (int)hip) - X(i, (int)shoulder), ay = Y(i, (int)hip) - Y(i, (int)shoulder);
                    float bx = X(i, (int)wrist) - X(i, (int)shoulder), by = Y(i, (int)wrist) - Y(i, (int)shoulder);
                    double angle = Degrees(MathF.Atan2((ax * by) - (ay * bx), (ax * bx) + (ay * by)));
                    sum += angle;
                    squares += angle * angle;
                    count++;
                }
            }

            if (count >= Math.Max(4, _count / 2))
            {
                double mean = sum / count;
                total += Math.Sqrt(2 * Math.Max(0, (squares / count) - (mean * mean)));
                arms++;
            }
        }

        return arms > 0 ? (float)(total / arms) : null;
    }

    /// <summary>Angle of the hips→shoulders line from vertical, positive towards <paramref name="facing"/> (its magnitude when that is unknown).</summary>
    private float? TrunkLean(float? facing)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < _count; i++)
        {
            if (Middle(i, BodyKeypoint.LeftShoulder, BodyKeypoint.RightShoulder, out float sx, out float sy)
                && Middle(i, BodyKeypoint.LeftHip, BodyKeypoint.RightHip, out float hx, out float hy))
            {
                float lean = Degrees(MathF.Atan2(sx - hx, hy - sy));
                sum += facing is float f ? f * lean : MathF.Abs(lean);
                count++;
            }
        }

        return count >= Math.Max(1, _count / 2) ? (float)(sum / count) : null;
    }

    /// <summary>The ear→nose line's angle to horizontal, in poses where the nose is ahead of the ears by 2 % of H (in profile).</summary>
    private float? HeadPitch(float facing, float height)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < _count; i++)
        {
            if (Seen(i, BodyKeypoint.Nose) && Middle(i, BodyKeypoint.LeftEar, BodyKeypoint.RightEar, out float ex, out float ey))
            {
                float nx = X(i, (int)BodyKeypoint.Nose), ny = Y(i, (int)BodyKeypoint.Nose);
                if (facing * (nx - ex) >= MinFacingOffset * height)
                {
                    sum += Degrees(MathF.Atan2(ey - ny, facing * (nx - ex)));
                    count++;
                }
            }
        }

        return count >= Math.Max(1, _count / 2) ? (float)(sum / count) : null;
    }

    private float? Expansion(float height)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < _count; i++)
        {
            float left = float.MaxValue, right = float.MinValue, top = float.MaxValue, bottom = float.MinValue;
            int seen = 0;
            for (int k = 0; k < K; k++)
            {
                if (Seen(i, k))
                {
                    left = MathF.Min(left, X(i, k));
                    right = MathF.Max(right, X(i, k));
                    top = MathF.Min(top, Y(i, k));
                    bottom = MathF.Max(bottom, Y(i, k));
                    seen++;
                }
            }

            if (seen >= 2)
            {
                sum += (right - left) * (bottom - top) / (height * height);
                count++;
            }
        }

        return count > 0 ? (float)(sum / count) : null;
    }

    private float? Jerk(float height)
    {
        double sum = 0;
        int count = 0;
        for (int i = 3; i < _count; i++)
        {
            double dt = (T(i) - T(i - 3)) / 3;
            if (dt <= 0)
            {
                continue;
            }

            double scale = 1 / (dt * dt * dt * height);
            for (int k = 0; k < K; k++)
            {
                if (Seen(i, k) && Seen(i - 1, k) && Seen(i - 2, k) && Seen(i - 3, k))
                {
                    double jx = X(i, k) - (3.0 * X(i - 1, k)) + (3.0 * X(i - 2, k)) - X(i - 3, k);
                    double jy = Y(i, k) - (3.0 * Y(i - 1, k)) + (3.0 * Y(i - 2, k)) - Y(i - 3, k);
                    sum += Math.Sqrt((jx * jx) + (jy * jy)) * scale;
                    count++;
                }
            }
        }

        return count > 0 ? (float)(sum / count) : null;
    }

    /// <summary>√2 × the standard deviation of the shoulders' horizontal position about its least-squares line, in body heights.</summary>
    private float? Sway(float height)
    {
        double st = 0, sx = 0, stt = 0, stx = 0;
        int count = 0;
        double t0 = T(0);
        for (int i = 0; i < _count; i++)
        {
            if (Middle(i, BodyKeypoint.LeftShoulder, BodyKeypoint.RightShoulder, out float x, out _))
            {
                double t = T(i) - t0;
                st += t;
                sx += x;
                stt += t * t;
                stx += t * x;
                count++;
            }
        }

        double den = (count * stt) - (st * st);
        if (count < Math.Max(4, _count / 2) || den <= 1e-12)
        {
            return null;
        }

        double slope = ((count * stx) - (st * sx)) / den, intercept = (sx - (slope * st)) / count;
        double squares = 0;
        for (int i = 0; i < _count; i++)
        {
            if (Middle(i, BodyKeypoint.LeftShoulder, BodyKeypoint.RightShoulder, out float x, out _))
            {
                double residual = x - (intercept + (slope * (T(i) - t0)));
                squares += residual * residual;
            }
        }

        return (float)(Math.Sqrt(2 * squares / count) / height);
    }

    private static float Degrees(float radians) => radians * (180f / MathF.PI);
}
