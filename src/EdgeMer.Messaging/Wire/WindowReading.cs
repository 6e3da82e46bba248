using System.Text.Json.Serialization;
using EdgeMer.Affect;

namespace EdgeMer.Messaging.Wire;

/// <summary>The wire form of the stretch of time a summary describes (UTC).</summary>
public sealed class WindowReading
{
    [JsonConstructor]
    public WindowReading(DateTimeOffset start, DateTimeOffset end)
    {
        Value = new TimeWindow(start, end);
    }

    public DateTimeOffset Start => Value.Start;

    public DateTimeOffset End => Value.End;

    /// <summary>The window as the domain holds it.</summary>
    [JsonIgnore]
    public TimeWindow Value { get; }

    /// <summary>The wire form of a domain window.</summary>
    public static WindowReading From(TimeWindow value) => new(value.Start, value.End);
}
