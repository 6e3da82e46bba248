namespace EdgeMer.Perception.Voice;

/// <summary>
/// The running norm of one speaker's voice, against which a segment's features become z-scores: for
/// each cue a mean and a standard deviation over the segments learnt so far, started from a broad
/// population prior worth <see cref="PriorWeight"/> segments so that the first segments are read
/// against something, and with a floor under each deviation so that a monotonous session does not turn
/// small differences into large scores. EdgeMer has no speaker identity: one source is one speaker.
/// </summary>
public sealed class SpeakerBaseline
{
    /// <summary>How many segments the population prior counts as.</summary>
    public const double PriorWeight = 3;

    private readonly double[] _sum = new double[SpeechCues.Count];
    private readonly double[] _squares = new double[SpeechCues.Count];
    private readonly int[] _count = new int[SpeechCues.Count];

    /// <summary>Segments learnt so far.</summary>
    public int Segments { get; private set; }

    /// <summary>Where <paramref name="value"/> of <paramref name="cue"/> lies against this speaker so far, in standard deviations.</summary>
    public float ZScore(SpeechCue cue, float value)
    {
        if (float.IsNaN(value))
        {
            return 0f;
        }

        int i = (int)cue;
        (double priorMean, double priorDeviation, double floor) = SpeechCues.Prior(cue);
        double n = _count[i];
        double mean = ((PriorWeight * priorMean) + _sum[i]) / (PriorWeight + n);
        // The prior's spread, plus the learnt segments' spread around their own mean.
        double scatter = n > 0 ? _squares[i] - (_sum[i] * _sum[i] / n) : 0;
        double deviation = Math.Max(floor, Math.Sqrt((PriorWeight * priorDeviation * priorDeviation) + Math.Max(0, scatter)) / Math.Sqrt(PriorWeight + n));
        return (float)((value - mean) / deviation);
    }

    /// <summary>Adds a segment's features to the norm.</summary>
    public void Learn(in ProsodyFeatures features)
    {
        for (int i = 0; i < SpeechCues.Count; i++)
        {
            float value = SpeechCues.Value((SpeechCue)i, features);
            if (!float.IsNaN(value))
            {
                _sum[i] += value;
                _squares[i] += value * (double)value;
                _count[i]++;
            }
        }

        Segments++;
    }

    /// <summary>Forgets the speaker (a new session).</summary>
    public void Reset()
    {
        Array.Clear(_sum);
        Array.Clear(_squares);
        Array.Clear(_count);
        Segments = 0;
    }
}
