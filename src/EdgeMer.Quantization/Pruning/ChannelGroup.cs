namespace EdgeMer.Quantization.Pruning;

/// <summary>
/// Channels that are pruned together: the output channels of one dense convolution, or of several
/// whose outputs an Add (or another element-wise join) adds channel by channel. Channel c of every
/// member is kept or removed as one. <see cref="Reasons"/> says why the group must stay whole, if it must.
/// </summary>
public sealed class ChannelGroup
{
    private readonly List<string> _convolutions = [];

    private readonly List<string> _reasons = [];

    public ChannelGroup(int index, int channels)
    {
        Index = index;
        Channels = channels;
    }

    public int Index { get; }

    public int Channels { get; }

    /// <summary>The dense convolutions whose output channels these are, in graph order.</summary>
    public IReadOnlyList<string> Convolutions => _convolutions;

    /// <summary>Why the group cannot be pruned (a graph output, an operator pruning does not follow); empty when it can.</summary>
    public IReadOnlyList<string> Reasons => _reasons;

    public bool Prunable => _reasons.Count == 0;

    internal void AddConvolution(string name) => _convolutions.Add(name);

    internal void AddReason(string reason)
    {
        if (!_reasons.Contains(reason))
        {
            _reasons.Add(reason);
        }
    }
}
