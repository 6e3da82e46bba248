namespace EdgeMer.Messaging;

/// <summary>The endpoint shapes EdgeMer accepts in configuration (libzmq has the last word at bind).</summary>
internal static class EndpointText
{
    internal static bool IsValid(string? endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint) || endpoint.Length > 256)
        {
            return false;
        }

        if (endpoint.StartsWith("tcp://", StringComparison.Ordinal))
        {
            int colon = endpoint.LastIndexOf(':');
            return colon > "tcp://".Length && colon < endpoint.Length - 1;
        }

        return (endpoint.StartsWith("ipc://", StringComparison.Ordinal) && endpoint.Length > "ipc://".Length)
            || (endpoint.StartsWith("inproc://", StringComparison.Ordinal) && endpoint.Length > "inproc://".Length);
    }
}
