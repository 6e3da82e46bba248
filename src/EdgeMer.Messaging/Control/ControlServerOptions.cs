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

    public void Validate()
    {
        var failures = new List<string>();
        if (!EndpointText.IsValid(Endpoint))
        {
            failures.Add($"{Section}:Endpoint '{Endpoint}' must be tcp://HOST:PORT, ipc://PATH or inproc://NAME");
        }

        if (MaxRequestBytes is < 256 or > TransportLimitBytes)
        {
            failures.Add($"{Section}:MaxRequestBytes {MaxRequestBytes} must be from 256 to {TransportLimitBytes}");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(ControlServerOptions), failures);
        }
    }
}
