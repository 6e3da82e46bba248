namespace EdgeMer.Messaging.Control;

/// <summary>
/// The host's side of the control socket: what <c>status</c> and <c>reload</c> do. Pause and resume
/// need nothing from the host: the control server moves the <see cref="EdgeMer.Affect.IPrivacySwitch"/>.
/// Called on the control server's thread, one command at a time.
/// </summary>
public interface IControlCommands
{
    /// <summary>The runtime's state for a <c>status</c> request.</summary>
    ControlStatus GetStatus();

    /// <summary>
    /// Re-reads configuration, profile and the client allow-list. On failure the running
    /// configuration stays as it was and the result says why.
    /// </summary>
    ReloadResult Reload();
}
