using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>The envelope of a message received on <see cref="WireTopics.Health"/>.</summary>
public sealed record HealthMessage(
    [property: JsonRequired] string Schema,
    [property: JsonRequired] string Device,
    [property: JsonRequired] long Sequence,
    [property: JsonRequired] HealthReport Health,
    [property: JsonRequired] EgressCounters Egress);
