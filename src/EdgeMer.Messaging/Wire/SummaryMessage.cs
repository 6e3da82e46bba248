using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>The envelope of a message received on <see cref="WireTopics.Summary"/>.</summary>
public sealed record SummaryMessage(
    [property: JsonRequired] string Schema,
    [property: JsonRequired] string Device,
    [property: JsonRequired] long Sequence,
    [property: JsonRequired] EmotionSummary Summary);
