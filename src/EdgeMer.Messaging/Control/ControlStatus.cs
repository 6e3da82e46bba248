namespace EdgeMer.Messaging.Control;

/// <summary>What a <c>status</c> request answers.</summary>
/// <param name="Device">The device id.</param>
/// <param name="Version">The EdgeMer version running.</param>
/// <param name="Paused">Whether the privacy switch holds capture stopped.</param>
/// <param name="UptimeSeconds">Seconds since the runtime started.</param>
/// <param name="Published">Messages published since start.</param>
/// <param name="Dropped">Messages dropped since start.</param>
public sealed record ControlStatus(string Device, string Version, bool Paused, double UptimeSeconds, long Published, long Dropped);
