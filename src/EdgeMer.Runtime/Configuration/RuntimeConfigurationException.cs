namespace EdgeMer.Runtime.Configuration;

/// <summary>The runtime's configuration, device profile, models or keys are unusable; the message names what and where.</summary>
public sealed class RuntimeConfigurationException : Exception
{
    public RuntimeConfigurationException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
