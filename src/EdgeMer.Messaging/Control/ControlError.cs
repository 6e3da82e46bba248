namespace EdgeMer.Messaging.Control;

/// <summary>The error part of a refused control request.</summary>
public sealed record ControlError(ControlErrorCode Code, string Message);
