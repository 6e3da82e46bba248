using EdgeMer.Affect;

namespace EdgeMer.Fusion;

/// <summary>
/// Late fusion of observations from any subset of modalities into summaries and alerts. Each
/// modality's latest observation per anonymous track is kept; <see cref="Fuse"/> weighs them by
/// quality × freshness (halving every <see cref="FusionOptions.FreshnessHalfLife"/>) × the modality's
/// reliability, mixes their distributions and valence/arousal by those weights, smooths the result
/// over time, flags a modality that is at odds with the others, estimates drowsiness, distraction and
/// fatigue, and raises each alert once per episode. Voice heard without a track is the scene's; with
/// exactly one person in view it is also attributed to that person. What the purpose forbids is
/// stripped before anything is fused, and <see cref="Summary"/> refuses it anyway. Not thread-safe:
/// one fusion stage owns it. docs/fusion.md explains every rule.
/// </summary>
public sealed class Fuser
{
    private const float DistressValence = -0.3f, DistressArousal = 0.3f;

    private FusionOptions _options;
    private readonly Dictionary<int, Person> _people = [];
    private readonly Person _scene;
    private readonly bool[] _sourceLost = new bool[Modalities.Count];
    private readonly List<Alert> _pending = [];
    private readonly List<int> _gone = [];
    private readonly bool _emotionsAllowed;
    private readonly bool _alertsPerPerson;
    private Episode _groupDrowsy;
    private Episode _groupDistracted;

    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem with its key.</exception>
    public Fuser(FusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _options = options;
        _emotionsAllowed = PurposePolicy.AllowsEmotions(options.Purpose);
        _alertsPerPerson = PurposePolicy.AllowsPerPerson(options.Purpose);
        _scene = new Person(null, options.TimeSharingWindow);
    }

    public FusionOptions Options => _options;

    /// <summary>
    /// Fuses from now on with <paramref name="options"/> (a reload's new weights, time constants and
    /// alert levels) and keeps what still makes sense under them: the tracks, their latest evidence,
    /// smoothed emotions, fatigue and open alert episodes, so no alert is raised twice for one episode.
    /// Only the glance histories start afresh when <see cref="FusionOptions.TimeSharingWindow"/> changes,
    /// since they are kept in buckets of the old window.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem with its key), or name another purpose: the purpose is fixed for the fuser's life.</exception>
    public void Reconfigure(FusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        if (options.Purpose != _options.Purpose)
        {
            throw new ArgumentException($"the purpose ({Purposes.Name(_options.Purpose)}) cannot change for a running fuser, only its settings", nameof(options));
        }

        if (options.TimeSharingWindow != _options.TimeSharingWindow)
        {
            foreach (Person person in _people.Values)
            {
                person.RestartGlances(options.TimeSharingWindow);
            }

            _scene.RestartGlances(options.TimeSharingWindow);
        }

        _options = options;
    }

    /// <summary>The tracks currently followed (seen within twice <see cref="FusionOptions.StaleAfter"/> at the last fusion).</summary>
    public int PeopleCount => _people.Count;

    /// <summary>Takes one observation; the newest per modality and track is what the next fusion uses.</summary>
    public void Observe(in Observation observation)
    {
        if (_sourceLost[(int)observation.Modality])
        {
            // A source reported lost delivers again only after SourceRestored; a straggler from before is ignored.
            return;
        }

        if (observation.TrackId is int track)
        {
            if (!_people.TryGetValue(track, out Person? person))
            {
                person = new Person(track, _options.TimeSharingWindow);
                _people.Add(track, person);
            }

            person.Observe(observation);
        }
        else
        {
            _scene.Observe(observation);
        }
    }

    /// <summary>
    /// A capture source stopped delivering (its process died and is being restarted, a device went
    /// away): the modality is missing from summaries until <see cref="SourceRestored"/>, and one
    /// sensor-lost alert goes out with the next fusion.
    /// </summary>
    /// <param name="modality">The modality the source fed.</param>
    /// <param name="time">When it was found lost (UTC).</param>
    /// <param name="silentFor">How long it had delivered nothing.</param>
    public void SourceLost(Modality modality, DateTimeOffset time, TimeSpan silentFor)
    {
        int m = (int)modality;
        if (_sourceLost[m])
        {
            return;
        }

        _sourceLost[m] = true;
        _pending.Add(new Alert(
            time, AlertKind.SensorLost, AlertSeverity.Warning, AlertReason.ModalityStale, modality,
            (float)Math.Clamp(silentFor.TotalSeconds, 0, Alert.MaxMagnitude), (float)_options.StaleAfter.TotalSeconds));
    }

    /// <summary>The source of <paramref name="modality"/> delivers again.</summary>
    public void SourceRestored(Modality modality) => _sourceLost[(int)modality] = false;

    /// <summary>
    /// Fuses what is fresh at capture time <paramref name="now"/> into the summaries of
    /// <paramref name="window"/> (wall-clock time) and the alerts raised since the last fusion.
    /// </summary>
    public FusionResult Fuse(TimeSpan now, TimeWindow window)
    {
        var alerts = new List<Alert>(_pending);
        _pending.Clear();
        ForgetGone(now);

        Person? only = null;
        int present = 0;
        foreach (Person person in _people.Values)
        {
            if (IsPresent(person, now))
            {
                only = person;
                present++;
            }
        }

        // The scene: every fresh observation of every modality, each modality's evidence pooled first.
        Span<Reading> readings = stackalloc Reading[Modalities.Count];
        int count = 0;
        for (int m = 0; m < Modalities.Count; m++)
        {
            if (PoolScene((Modality)m, now) is Reading pooled)
            {
                readings[count++] = pooled;
            }
        }

        // The one person in view, if there is exactly one: the one the microphone hears.
        Person? single = present == 1 ? only : null;
        var summaries = new List<Summary>(1 + _people.Count);
        StateLikelihoods? sceneStates = SceneStates(now, window.End, alerts, single);
        summaries.Add(Summarize(_scene, readings[..count], sceneStates, now, window, trackId: null));

        if (PurposePolicy.AllowsPerPerson(_options.Purpose))
        {
            foreach (Person person in _people.Values)
            {
                if (!IsPresent(person, now))
                {
                    continue;
                }

                count = 0;
                for (int m = 0; m < Modalities.Count; m++)
                {
                    var modality = (Modality)m;
                    if (person.TryFresh(modality, now, _options.StaleAfter, out Observation own) && !_sourceLost[m])
                    {
                        readings[count++] = Reading.Of(own, now, _emotionsAllowed);
                    }
                    else if (person == single && _scene.TryFresh(modality, now, _options.StaleAfter, out Observation heard) && !_sourceLost[m])
                    {
                        readings[count++] = Reading.Of(heard, now, _emotionsAllowed);
                    }
                }

                summaries.Add(Summarize(person, readings[..count], person.LastStates, now, window, person.TrackId));
                if (_emotionsAllowed)
                {
                    RaiseDistress(person, now, window.End, alerts);
                }
            }
        }

        return new FusionResult(summaries, alerts);
    }

    private bool IsPresent(Person person, TimeSpan now) => now - person.LastSeen <= _options.StaleAfter;

    private void ForgetGone(TimeSpan now)
    {
        _gone.Clear();
        foreach ((int track, Person person) in _people)
        {
            if (now - person.LastSeen > 2 * _options.StaleAfter)
            {
                _gone.Add(track);
            }
        }

        foreach (int track in _gone)
        {
            _people.Remove(track);
        }
    }

    /// <summary>One modality's evidence across the scene: the freshest of each track and the scene's own, weighted by quality.</summary>
    private Reading? PoolScene(Modality modality, TimeSpan now)
    {
        if (_sourceLost[(int)modality])
        {
            return null;
        }

        var pool = new ReadingPool();
        if (_scene.TryFresh(modality, now, _options.StaleAfter, out Observation own))
        {
            Reading reading = Reading.Of(own, now, _emotionsAllowed);
            pool.Add(reading, Freshness(reading.Age));
        }

        foreach (Person person in _people.Values)
        {
            if (person.TryFresh(modality, now, _options.StaleAfter, out Observation observation))
            {
                Reading reading = Reading.Of(observation, now, _emotionsAllowed);
                pool.Add(reading, Freshness(reading.Age));
            }
        }

        return pool.Result(modality);
    }

    private Summary Summarize(Person holder, ReadOnlySpan<Reading> readings, StateLikelihoods? states, TimeSpan now, TimeWindow window, int? trackId)
    {
        Span<float> raw = stackalloc float[readings.Length];
        float total = 0f, doubt = 1f;
        for (int i = 0; i < readings.Length; i++)
        {
            raw[i] = readings[i].Quality * _options.Reliability(readings[i].Modality) * Freshness(readings[i].Age);
            total += raw[i];
            doubt *= 1f - raw[i];
        }

        if (total <= 0f)
        {
            // Nothing to go by: what was smoothed before is not carried on (nor can it hold a distress episode).
            holder.SmoothedEmotions = null;
            holder.SmoothedAffect = null;
            return new Summary(_options.Purpose, trackId, window, null, null, states, 0f, []);
        }

        EmotionDistribution? emotions = Mix(readings, raw, skip: -1);
        ValenceArousal? affect = MixAffect(readings, raw, skip: -1);
        var contributions = new ModalityContribution[readings.Length];
        for (int i = 0; i < readings.Length; i++)
        {
            Reading r = readings[i];
            contributions[i] = new ModalityContribution(
                r.Modality, r.Quality, r.Age < ModalityContribution.MaxAge ? r.Age : ModalityContribution.MaxAge, Math.Clamp(raw[i] / total, 0f, 1f),
                r.Emotions, r.Affect, Disagrees(readings, raw, i));
        }

        Smooth(holder, now, ref emotions, ref affect);
        return new Summary(_options.Purpose, trackId, window, emotions, affect, states, Math.Clamp(1f - doubt, 0f, 1f), contributions);
    }

    private float Freshness(TimeSpan age) => MathF.Pow(0.5f, (float)(age / _options.FreshnessHalfLife));

    private static EmotionDistribution? Mix(ReadOnlySpan<Reading> readings, ReadOnlySpan<float> weights, int skip)
    {
        Span<float> sum = stackalloc float[EmotionLabels.Count];
        float total = 0f;
        for (int i = 0; i < readings.Length; i++)
        {
            if (i == skip || readings[i].Emotions is not EmotionDistribution d || weights[i] <= 0f)
            {
                continue;
            }

            ReadOnlySpan<float> p = d.AsSpan();
            for (int k = 0; k < sum.Length; k++)
            {
                sum[k] += weights[i] * p[k];
            }

            total += weights[i];
        }

        return total > 0f ? EmotionDistribution.Normalize(sum) : null;
    }

    private static ValenceArousal? MixAffect(ReadOnlySpan<Reading> readings, ReadOnlySpan<float> weights, int skip)
    {
        float valence = 0f, arousal = 0f, total = 0f;
        for (int i = 0; i < readings.Length; i++)
        {
            if (i == skip || readings[i].Affect is not ValenceArousal a || weights[i] <= 0f)
            {
                continue;
            }

            valence += weights[i] * a.Valence;
            arousal += weights[i] * a.Arousal;
            total += weights[i];
        }

        return total > 0f ? new ValenceArousal(Math.Clamp(valence / total, -1f, 1f), Math.Clamp(arousal / total, -1f, 1f)) : null;
    }

    private bool Disagrees(ReadOnlySpan<Reading> readings, ReadOnlySpan<float> weights, int i)
    {
        if (readings[i].Emotions is EmotionDistribution own && Mix(readings, weights, skip: i) is EmotionDistribution others
            && Divergence.JensenShannon(own, others) > _options.DisagreementDivergence)
        {
            return true;
        }

        if (readings[i].Affect is ValenceArousal mine && MixAffect(readings, weights, skip: i) is ValenceArousal rest)
        {
            float dv = mine.Valence - rest.Valence, da = mine.Arousal - rest.Arousal;
            return MathF.Sqrt((dv * dv) + (da * da)) > _options.DisagreementDistance;
        }

        return false;
    }

    /// <summary>Exponential smoothing with time constant τ: each fusion moves the output by 1 − e^(−Δt/τ) toward the new value.</summary>
    private void Smooth(Person holder, TimeSpan now, ref EmotionDistribution? emotions, ref ValenceArousal? affect)
    {
        TimeSpan tau = _options.SmoothingTimeConstant;
        float alpha = holder.LastFused is TimeSpan last && tau > TimeSpan.Zero && now > last
            ? 1f - MathF.Exp(-(float)((now - last) / tau))
            : 1f;
        holder.LastFused = now;

        if (emotions is EmotionDistribution fresh && holder.SmoothedEmotions is EmotionDistribution old && alpha < 1f)
        {
            Span<float> blend = stackalloc float[EmotionLabels.Count];
            ReadOnlySpan<float> a = old.AsSpan(), b = fresh.AsSpan();
            for (int k = 0; k < blend.Length; k++)
            {
                blend[k] = a[k] + (alpha * (b[k] - a[k]));
            }

            emotions = EmotionDistribution.Normalize(blend);
        }

        if (affect is ValenceArousal now2 && holder.SmoothedAffect is ValenceArousal before && alpha < 1f)
        {
            affect = new ValenceArousal(
                Math.Clamp(before.Valence + (alpha * (now2.Valence - before.Valence)), -1f, 1f),
                Math.Clamp(before.Arousal + (alpha * (now2.Arousal - before.Arousal)), -1f, 1f));
        }

        holder.SmoothedEmotions = emotions;
        holder.SmoothedAffect = affect;
    }

    /// <summary>Each present person's states (kept on the person for its own summary, alerts raised), and the group's: the mean over people of each state.</summary>
    private StateLikelihoods? SceneStates(TimeSpan now, DateTimeOffset wallNow, List<Alert> alerts, Person? onlyPerson)
    {
        var group = new StateSums();
        int present = 0, drowsy = 0, distracted = 0;
        foreach (Person person in _people.Values)
        {
            person.LastStates = null;
            if (!IsPresent(person, now))
            {
                continue;
            }

            person.LastStates = PersonStates(person, now, wallNow, alerts, person == onlyPerson);
            group.Add(person.LastStates);
            present++;
            drowsy += person.Drowsy.Active || person.Microsleep.Active ? 1 : 0;
            distracted += person.LongGlance.Active || person.TimeSharing.Active ? 1 : 0;
        }

        if (!_alertsPerPerson)
        {
            GroupAlert(ref _groupDrowsy, present, drowsy, AlertKind.Drowsiness, AlertReason.GroupDrowsiness, wallNow, alerts);
            GroupAlert(ref _groupDistracted, present, distracted, AlertKind.Distraction, AlertReason.GroupDistraction, wallNow, alerts);
        }

        // Speaking is heard by the scene's microphone; walking may come without a track.
        if (!_sourceLost[(int)Modality.Voice] && _scene.TryFresh(Modality.Voice, now, _options.StaleAfter, out Observation voice))
        {
            group.Speaking(voice.States.Speaking);
        }

        if (!_sourceLost[(int)Modality.Body] && _scene.TryFresh(Modality.Body, now, _options.StaleAfter, out Observation body))
        {
            group.Walking(body.States.Walking);
        }

        return group.Result();
    }

    /// <summary>
    /// Where no alert may be about one person: one alert when the share of the people in view in an
    /// episode reaches <see cref="FusionOptions.GroupAlertShare"/> with at least
    /// <see cref="FusionOptions.GroupAlertMinimumPeople"/> in view, again only after it fell below half that share.
    /// </summary>
    private void GroupAlert(ref Episode episode, int present, int affected, AlertKind kind, AlertReason reason, DateTimeOffset wallNow, List<Alert> alerts)
    {
        float share = present == 0 ? 0f : affected / (float)present;
        if (episode.Update(present >= _options.GroupAlertMinimumPeople && share >= _options.GroupAlertShare, share < _options.GroupAlertShare / 2))
        {
            alerts.Add(new Alert(wallNow, kind, AlertSeverity.Warning, reason, Modality.Face, share, _options.GroupAlertShare));
        }
    }

    private StateLikelihoods? PersonStates(Person person, TimeSpan now, DateTimeOffset wallNow, List<Alert> alerts, bool hearsScene)
    {
        float? drowsy = null, distracted = null, eyesClosed = null, yawning = null, speaking = null, walking = null;
        if (!_sourceLost[(int)Modality.Face] && person.TryFresh(Modality.Face, now, _options.StaleAfter, out Observation face))
        {
            ModalityStates s = face.States;
            eyesClosed = s.EyesClosed;
            yawning = s.Yawning;
            if (Sleepiness.Estimate(s, _options.EyesClosedAlert) is float level)
            {
                drowsy = Sleepiness.Likelihood(level);

                // The alert goes by PERCLOS and yawns alone (a long closure has its own alert below), and
                // only once the person has been watched long enough for PERCLOS to mean something.
                float sustained = Sleepiness.Estimate(s, TimeSpan.MaxValue)!.Value;
                bool watched = person.FirstSeen is TimeSpan first && now - first >= _options.MinimumWatch;
                if (person.Drowsy.Update(watched && sustained >= _options.DrowsinessAlertLevel, sustained < _options.DrowsinessAlertLevel - 1f) && _alertsPerPerson)
                {
                    alerts.Add(new Alert(wallNow, AlertKind.Drowsiness, AlertSeverity.Warning, AlertReason.SleepinessLevel, Modality.Face, sustained, _options.DrowsinessAlertLevel));
                }
            }

            // Eyes that were closed at the last observation have stayed closed since, as far as anyone
            // knows (a head that slumps can lose the face mid-closure).
            float closedSeconds = s.EyesClosedSeconds ?? 0f;
            if (closedSeconds > 0f && s.EyesClosed >= 0.5f && now > face.Window.End)
            {
                closedSeconds = Math.Min(closedSeconds + (float)(now - face.Window.End).TotalSeconds, ModalityStates.MaxEpisodeSeconds);
            }

            float microsleep = (float)_options.EyesClosedAlert.TotalSeconds;
            if (person.Microsleep.Update(closedSeconds >= microsleep, closedSeconds == 0f) && _alertsPerPerson)
            {
                alerts.Add(new Alert(wallNow, AlertKind.Drowsiness, AlertSeverity.Critical, AlertReason.EyesClosedTooLong, Modality.Face, closedSeconds, microsleep));
            }

            if (s.LookingAway is not null)
            {
                TimeSpan glance = person.Glances.CurrentGlance(now);
                TimeSpan away = person.Glances.AwayWithin(now, _options.TimeSharingWindow);
                distracted = Math.Clamp(Math.Max((float)(glance / _options.LongDistraction), (float)(away / _options.TimeSharingLimit)), 0f, 1f);
                if (person.LongGlance.Update(glance >= _options.LongDistraction, glance == TimeSpan.Zero) && _alertsPerPerson)
                {
                    alerts.Add(new Alert(wallNow, AlertKind.Distraction, AlertSeverity.Warning, AlertReason.LookingAway, Modality.Face, (float)glance.TotalSeconds, (float)_options.LongDistraction.TotalSeconds));
                }

                if (person.TimeSharing.Update(away > _options.TimeSharingLimit, away < _options.TimeSharingLimit / 2) && _alertsPerPerson)
                {
                    alerts.Add(new Alert(wallNow, AlertKind.Distraction, AlertSeverity.Warning, AlertReason.AttentionTimeSharing, Modality.Face, (float)away.TotalSeconds, (float)_options.TimeSharingLimit.TotalSeconds));
                }
            }
        }

        if (!_sourceLost[(int)Modality.Voice])
        {
            if (person.TryFresh(Modality.Voice, now, _options.StaleAfter, out Observation voice)
                || (hearsScene && _scene.TryFresh(Modality.Voice, now, _options.StaleAfter, out voice)))
            {
                speaking = voice.States.Speaking;
            }
        }

        if (!_sourceLost[(int)Modality.Body] && person.TryFresh(Modality.Body, now, _options.StaleAfter, out Observation body))
        {
            walking = body.States.Walking;
        }

        float? fatigued = UpdateFatigue(person, drowsy, now);
        if (drowsy is null && distracted is null && eyesClosed is null && yawning is null && speaking is null && walking is null && fatigued is null)
        {
            return null;
        }

        return new StateLikelihoods(drowsy, distracted, fatigued, eyesClosed, yawning, speaking, walking);
    }

    /// <summary>Fatigue: drowsiness accumulated over <see cref="FusionOptions.FatigueTimeConstant"/> (an exponential moving average), so a moment of heavy eyes is not fatigue but a long drowsy stretch is.</summary>
    private float? UpdateFatigue(Person person, float? drowsy, TimeSpan now)
    {
        if (drowsy is not float d)
        {
            return person.Fatigue;
        }

        if (person.Fatigue is not float f || person.FatigueUpdated is not TimeSpan last)
        {
            // Nothing has accumulated yet.
            person.Fatigue = 0f;
        }
        else if (now > last)
        {
            // A gap in the evidence does not count as time spent at the current drowsiness.
            TimeSpan step = now - last < _options.StaleAfter ? now - last : _options.StaleAfter;
            float alpha = 1f - MathF.Exp(-(float)(step / _options.FatigueTimeConstant));
            person.Fatigue = Math.Clamp(f + (alpha * (d - f)), 0f, 1f);
        }

        person.FatigueUpdated = now;
        return person.Fatigue;
    }

    private void RaiseDistress(Person person, TimeSpan now, DateTimeOffset wallNow, List<Alert> alerts)
    {
        bool negative = person.SmoothedAffect is ValenceArousal a && a.Valence <= DistressValence && a.Arousal >= DistressArousal;
        if (!negative)
        {
            person.NegativeSince = null;
        }
        else
        {
            person.NegativeSince ??= now;
        }

        TimeSpan held = person.NegativeSince is TimeSpan since ? now - since : TimeSpan.Zero;
        if (person.Distress.Update(held >= _options.SustainedNegativeAffect, !negative))
        {
            alerts.Add(new Alert(wallNow, AlertKind.Distress, AlertSeverity.Warning, AlertReason.SustainedNegativeAffect, null, (float)held.TotalSeconds, (float)_options.SustainedNegativeAffect.TotalSeconds));
        }
    }
}
