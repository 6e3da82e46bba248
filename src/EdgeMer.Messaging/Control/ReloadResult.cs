namespace EdgeMer.Messaging.Control;

/// <summary>The outcome of a <c>reload</c>: whether it took effect and, if not, why (kept configuration).</summary>
public sealed record ReloadResult(bool Reloaded, string Message);
