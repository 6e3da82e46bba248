using Microsoft.Extensions.Options;

namespace EdgeMer.Messaging.Control;

/// <summary>Configuration of the <see cref="ControlServer"/> (section <c>Messaging:Control</c>).</summary>
public sealed class ControlServerOptions
{
    public const string Section = "Messaging:Control";

    /// <summary>Hard cap on any inbound frame; libzmq disconnects a peer that sends a larger one.</summary>
    public const int TransportLimitBytes = 64 * 1024;

    /// <summary>The endpoint the ROUTER socket binds, e.g. <c>tcp://127.0.0.1:5557</c>.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Largest request answered; a larger one (up to <see cref="TransportLimitBytes"/>) gets a too_large error.</summary>
    public int MaxRequestBytes { get; set; } = 4096;

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every invalid key and what it allows (<see cref="ControlServerOptionsValidator"/>).</summary>
    public void Validate() => OptionsCheck.ThrowIfInvalid(new ControlServerOptionsValidator(), Section, this);
}
