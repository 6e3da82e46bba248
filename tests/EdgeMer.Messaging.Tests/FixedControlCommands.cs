using EdgeMer.Messaging.Control;

namespace EdgeMer.Messaging.Tests;

/// <summary>The host's side of the control socket for tests that only need it to answer: a fixed status, and reloads that succeed.</summary>
internal sealed class FixedControlCommands : IControlCommands
{
    public ControlStatus GetStatus() => new("dev-1", "0.1.0", Paused: false, UptimeSeconds: 1, Published: 0, Dropped: 0);

    public ReloadResult Reload() => new(true, "reloaded");
}
