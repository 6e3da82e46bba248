using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>The envelope of a message received on <see cref="WireTopics.Alert"/>.</summary>
public sealed record AlertMessage(
    [property: JsonRequired] string Schema,
    [property: JsonRequired] string Device,
    [property: JsonRequired] long Sequence,
    [property: JsonRequired] SafetyAlert Alert);
