using System.Globalization;
using EdgeMer.Affect;
using EdgeMer.Messaging.Wire;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EdgeMer.Tools.Listening;

/// <summary>
/// A live console view of what a device publishes, redrawn as messages arrive: the newest summary of
/// the scene and of each person in view (dominant emotion, valence and arousal, states, each modality's
/// weight; states of 0.1 or more), the device's health (stages, degradation rung, CPU, memory) and the latest alerts. It is
/// built from the wire messages only, so it shows exactly what leaves the device.
/// </summary>
public sealed class LiveView
{
    /// <summary>A person not summarised for this long is taken out of the view.</summary>
    public static readonly TimeSpan Gone = TimeSpan.FromSeconds(5);

    private const int AlertsShown = 5;
    private readonly SortedDictionary<int, SummaryMessage> _people = [];
    private readonly Queue<AlertMessage> _alerts = new();
    private SummaryMessage? _scene;
    private HealthMessage? _health;

    /// <summary>Takes one received message (summary, alert or health; anything else is ignored).</summary>
    public void Update(object message)
    {
        switch (message)
        {
            case SummaryMessage { Summary.Track: int track } person:
                _people[track] = person;
                break;
            case SummaryMessage scene:
                _scene = scene;
                ForgetGone(scene.Summary.Window.End);
                break;
            case AlertMessage alert:
                _alerts.Enqueue(alert);
                while (_alerts.Count > AlertsShown)
                {
                    _alerts.Dequeue();
                }

                break;
            case HealthMessage health:
                _health = health;
                break;
        }
    }

    private void ForgetGone(DateTimeOffset now)
    {
        foreach (int track in _people.Where(p => now - p.Value.Summary.Window.End > Gone).Select(p => p.Key).ToList())
        {
            _people.Remove(track);
        }
    }

    public IRenderable Render()
    {
        var c = CultureInfo.InvariantCulture;
        var summaries = new Table().Border(TableBorder.Rounded).Title("summaries");
        foreach (string column in (string[])["who", "emotion", "valence", "arousal", "confidence", "states", "modalities (weight)"])
        {
            summaries.AddColumn(column);
        }

        if (_scene is { } scene)
        {
            AddRow(summaries, "scene", scene.Summary, c);
        }

        foreach ((int track, SummaryMessage person) in _people)
        {
            AddRow(summaries, string.Create(c, $"person {track}"), person.Summary, c);
        }

        var rows = new List<IRenderable>
        {
            new Markup(_scene is null
                ? "[grey]waiting for the first summary[/]"
                : Markup.Escape(string.Create(c, $"{_scene.Device}  {_scene.Summary.Purpose}  window ending {_scene.Summary.Window.End:HH:mm:ss}"))),
            summaries,
        };
        if (_health is { } health)
        {
            rows.Add(Health(health, c));
        }

        var alerts = new Table().Border(TableBorder.Rounded).Title("latest alerts").AddColumn("time").AddColumn("alert").AddColumn("value (threshold)");
        foreach (AlertMessage a in _alerts.Reverse())
        {
            SafetyAlert alert = a.Alert;
            string colour = alert.Severity == AlertSeverity.Critical ? "red" : alert.Severity == AlertSeverity.Warning ? "yellow" : "grey";
            alerts.AddRow(
                new Text(alert.Time.ToString("HH:mm:ss", c)),
                new Markup($"[{colour}]{Markup.Escape($"{alert.Severity} {alert.Kind}: {alert.Reason}")}[/]"),
                new Text(string.Create(c, $"{alert.Value:G4} ({alert.Threshold:G4})")));
        }

        rows.Add(alerts);
        return new Rows(rows);
    }

    private static void AddRow(Table table, string who, EmotionSummary s, CultureInfo c)
    {
        if (s.Paused)
        {
            table.AddRow(new Text(who), new Markup("[yellow]paused[/]"), new Text(""), new Text(""), new Text(""), new Text(""), new Text(""));
            return;
        }

        string emotion = s.Emotions is { } e ? string.Create(c, $"{EmotionLabels.Name(e.Dominant)} {e[e.Dominant]:F2}") : "-";
        string valence = s.Affect is { } a ? a.Valence.ToString("+0.00;-0.00", c) : "-";
        string arousal = s.Affect is { } b ? b.Arousal.ToString("+0.00;-0.00", c) : "-";
        var states = new List<string>();
        if (s.States is { } st)
        {
            foreach ((string name, float? value) in (ReadOnlySpan<(string, float?)>)[("drowsy", st.Drowsy), ("distracted", st.Distracted), ("fatigued", st.Fatigued), ("eyes closed", st.EyesClosed), ("yawning", st.Yawning), ("speaking", st.Speaking), ("walking", st.Walking)])
            {
                // The states that are there at all; the rest would crowd the table.
                if (value is float v && v >= 0.1f)
                {
                    states.Add(string.Create(c, $"{name} {v:F2}"));
                }
            }
        }

        string modalities = string.Join(", ", s.Modalities.Select(m => string.Create(c, $"{m.Modality.ToString().ToLowerInvariant()} {m.Weight:F2}{(m.Disagrees ? " disagrees" : "")}")));
        table.AddRow(who, emotion, valence, arousal, s.Confidence.ToString("F2", c), string.Join(", ", states), modalities);
    }

    private static Table Health(HealthMessage message, CultureInfo c)
    {
        HealthReport h = message.Health;
        string process = h.Process is { } p ? string.Create(c, $"  cpu {p.CpuPercent:F0} %  rss {p.RssMiB:F0} MiB") : string.Empty;
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape(string.Create(c, $"health  up {h.UptimeSeconds:F0} s  {h.Provider}  rung {h.Degradation ?? "-"}{process}{(h.Paused ? "  PAUSED" : string.Empty)}")));
        foreach (string column in (string[])["stage", "p50 ms", "p99 ms", "per s", "dropped", "over deadline"])
        {
            table.AddColumn(column);
        }

        foreach (StageHealth stage in h.Stages)
        {
            table.AddRow(
                stage.Stage,
                stage.LatencyP50Ms.ToString("F1", c),
                stage.LatencyP99Ms.ToString("F1", c),
                stage.RatePerSecond.ToString("F1", c),
                stage.Dropped.ToString(c),
                stage.DeadlineMisses.ToString(c));
        }

        return table;
    }
}
