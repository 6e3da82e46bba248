namespace EdgeMer.EndToEnd.Tests;

/// <summary>One raw input buffer (frames or samples) the device held in memory.</summary>
public sealed record MediaBuffer(string Name, byte[] Bytes);
