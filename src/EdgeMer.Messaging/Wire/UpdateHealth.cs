using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>Where model updates stand on the device: the version of the bundle the live set came from (0: none yet) and the state of the last update.</summary>
public sealed class UpdateHealth
{
    private static readonly string[] s_states = ["none", "verifying", "staged", "warmingUp", "switched", "checking", "committed", "refused", "rolledBack"];

    [JsonConstructor]
    public UpdateHealth(long bundleVersion, string state)
    {
        if (bundleVersion < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bundleVersion), bundleVersion, "bundleVersion must be zero or more");
        }

        if (Array.IndexOf(s_states, state) < 0)
        {
            throw new ArgumentException($"update state is '{state}'; allowed: {string.Join(", ", s_states)}", nameof(state));
        }

        BundleVersion = bundleVersion;
        State = state;
    }

    /// <summary>The update states as the wire names them.</summary>
    public static IReadOnlyList<string> States => s_states;

    /// <summary>The version of the last bundle the device accepted (its live model set); 0 before any.</summary>
    public long BundleVersion { get; }

    /// <summary>The last update's state (<see cref="States"/>).</summary>
    public string State { get; }
}
