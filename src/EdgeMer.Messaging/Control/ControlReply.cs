namespace EdgeMer.Messaging.Control;

/// <summary>
/// A control reply (schema <c>edgemer.control-reply/1</c>). Exactly one of <see cref="Error"/> and the
/// command's result (<see cref="Status"/>, <see cref="Paused"/>, <see cref="Reload"/>) is set, with one
/// exception: a pause or resume that failed after the switch moved also carries <see cref="Paused"/>,
/// the position the switch holds.
/// </summary>
public sealed record ControlReply(
    string Schema,
    string? Id,
    bool Ok,
    ControlError? Error,
    ControlStatus? Status,
    bool? Paused,
    ReloadResult? Reload);
