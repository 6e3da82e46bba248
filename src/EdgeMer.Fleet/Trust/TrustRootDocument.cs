namespace EdgeMer.Fleet.Trust;

/// <summary>The device's trust root as a file (<c>trust.json</c>): the keys that may sign bundles and how many must.</summary>
public sealed class TrustRootDocument
{
    public int Threshold { get; init; }

    public IReadOnlyList<TrustedKey> Keys { get; init; } = [];
}
