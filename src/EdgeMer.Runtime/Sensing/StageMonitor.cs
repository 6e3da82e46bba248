using System.Runtime.CompilerServices;
using EdgeMer.Scheduling;

namespace EdgeMer.Runtime.Sensing;

/// <summary>The stages running now, for health: each sensing stage registers its meter while it runs.</summary>
public sealed class StageMonitor
{
    private readonly Lock _gate = new();
    private readonly List<StageMeter> _meters = [];
    private volatile StrongBox<Degradation>? _degradation;

    /// <summary>The degradation ladder's rung in force, null while nothing is sensed.</summary>
    public Degradation? Degradation
    {
        get => _degradation?.Value;
        set => _degradation = value is { } level ? new StrongBox<Degradation>(level) : null;
    }

    public void Add(StageMeter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        lock (_gate)
        {
            _meters.Add(meter);
        }
    }

    public void Remove(StageMeter meter)
    {
        lock (_gate)
        {
            _meters.Remove(meter);
        }
    }

    /// <summary>Every registered stage's figures, rates over the last <paramref name="window"/>.</summary>
    public IReadOnlyList<StageFigures> Snapshot(TimeSpan window)
    {
        lock (_gate)
        {
            var figures = new StageFigures[_meters.Count];
            for (int i = 0; i < figures.Length; i++)
            {
                figures[i] = _meters[i].Snapshot(window);
            }

            return figures;
        }
    }
}
