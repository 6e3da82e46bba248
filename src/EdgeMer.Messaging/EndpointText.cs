using System.Globalization;

namespace EdgeMer.Messaging;

/// <summary>The endpoint shapes EdgeMer accepts in configuration (libzmq has the last word at bind).</summary>
public static class EndpointText
{
    private const string Shapes = "tcp://HOST:PORT (PORT 1-65535, or * for any free port), ipc://PATH or inproc://NAME";

    /// <summary>Whether <paramref name="endpoint"/> has one of the accepted shapes.</summary>
    public static bool IsValid(string? endpoint) => Problem(endpoint) is null;

    /// <summary>What is wrong with <paramref name="endpoint"/> (to follow the key in a message), or null when nothing is.</summary>
    public static string? Problem(string? endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint) || endpoint.Length > 256)
        {
            return $"must be {Shapes}";
        }

        if (endpoint.StartsWith("tcp://", StringComparison.Ordinal))
        {
            int colon = endpoint.LastIndexOf(':');
            if (colon <= "tcp://".Length || colon == endpoint.Length - 1)
            {
                return $"must be {Shapes}";
            }

            string port = endpoint[(colon + 1)..];
            // libzmq would wrap a larger port (99999 binds 34463), so it is refused here.
            return port == "*" || (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number is >= 1 and <= 65535)
                ? null
                : $"has port '{port}'; allowed: 1 to 65535, or * for any free port";
        }

        return (endpoint.StartsWith("ipc://", StringComparison.Ordinal) && endpoint.Length > "ipc://".Length)
            || (endpoint.StartsWith("inproc://", StringComparison.Ordinal) && endpoint.Length > "inproc://".Length)
            ? null
            : $"must be {Shapes}";
    }

    /// <summary>Whether <paramref name="endpoint"/> is reachable over the network (TCP), as opposed to this machine only.</summary>
    public static bool IsNetwork(string endpoint) => endpoint.StartsWith("tcp://", StringComparison.Ordinal);
}
