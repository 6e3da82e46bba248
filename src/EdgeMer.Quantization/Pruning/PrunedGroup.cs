namespace EdgeMer.Quantization.Pruning;

/// <summary>What one candidate did to one channel group: how many of its channels it kept, or why it left the group whole.</summary>
public sealed record PrunedGroup(IReadOnlyList<string> Convolutions, int Channels, int Kept, string? LeftWhole)
{
    public double Removed => Channels == 0 ? 0 : 1.0 - ((double)Kept / Channels);
}
