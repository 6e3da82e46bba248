using EdgeMer.Affect;

namespace EdgeMer.Fusion;

/// <summary>What the fuser keeps about one anonymous track, or about the scene's own evidence (no track).</summary>
internal sealed class Person
{
    private readonly Observation[] _latest = new Observation[Modalities.Count];
    private readonly bool[] _has = new bool[Modalities.Count];

    public Person(int? trackId, TimeSpan glanceWindow)
    {
        TrackId = trackId;
        Glances = new GlanceHistory(glanceWindow);
    }

    public int? TrackId { get; }

    public GlanceHistory Glances { get; private set; }

    public TimeSpan LastSeen { get; private set; }

    /// <summary>When the track was first seen (capture time); null before its first observation.</summary>
    public TimeSpan? FirstSeen { get; private set; }

    public EmotionDistribution? SmoothedEmotions { get; set; }

    public ValenceArousal? SmoothedAffect { get; set; }

    public TimeSpan? LastFused { get; set; }

    public float? Fatigue { get; set; }

    public TimeSpan? FatigueUpdated { get; set; }

    /// <summary>The states worked out at the last fusion; null when none could be.</summary>
    public StateLikelihoods? LastStates { get; set; }

    public TimeSpan? NegativeSince { get; set; }

    public Episode Drowsy;

    public Episode Microsleep;

    public Episode LongGlance;

    public Episode TimeSharing;

    public Episode Distress;

    public void Observe(in Observation observation)
    {
        int m = (int)observation.Modality;
        if (_has[m] && observation.Window.End < _latest[m].Window.End)
        {
            return;
        }

        _latest[m] = observation;
        _has[m] = true;
        FirstSeen ??= observation.Window.End;
        if (observation.Window.End > LastSeen)
        {
            LastSeen = observation.Window.End;
        }

        if (observation.Modality == Modality.Face && observation.States.LookingAway is float away)
        {
            Glances.Observe(observation.Window.End, away >= 0.5f);
        }
    }

    /// <summary>Forgets the glances and counts them from now on over <paramref name="window"/>.</summary>
    public void RestartGlances(TimeSpan window) => Glances = new GlanceHistory(window);

    /// <summary>The latest observation of <paramref name="modality"/>, if it is no older than <paramref name="staleAfter"/> at <paramref name="now"/>.</summary>
    public bool TryFresh(Modality modality, TimeSpan now, TimeSpan staleAfter, out Observation observation)
    {
        int m = (int)modality;
        observation = _latest[m];
        return _has[m] && now - observation.Window.End <= staleAfter;
    }
}
