using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>The stretch of time a summary describes (UTC).</summary>
public sealed class TimeWindow
{
    [JsonConstructor]
    public TimeWindow(DateTimeOffset start, DateTimeOffset end)
    {
        if (end < start)
        {
            throw new ArgumentException($"window end {end:O} is before its start {start:O}", nameof(end));
        }

        Start = WireCheck.Utc(start);
        End = WireCheck.Utc(end);
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }
}
