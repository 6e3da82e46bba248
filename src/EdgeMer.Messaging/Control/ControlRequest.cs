using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Control;

/// <summary>A control request (schema <c>edgemer.control/1</c>, docs/schema/edgemer-control.v1.schema.json).</summary>
/// <param name="Schema">Always <see cref="ControlSchemas.Request"/>.</param>
/// <param name="Id">The caller's correlation id, echoed in the reply.</param>
/// <param name="Command">status, pause, resume, reload or update (reserved).</param>
public sealed record ControlRequest(
    [property: JsonRequired] string Schema,
    [property: JsonRequired] string Id,
    [property: JsonRequired] string Command);
