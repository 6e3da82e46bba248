namespace EdgeMer.EndToEnd.Tests.Wire;

/// <summary>What <see cref="MediaLeakScanner"/> found: the input windows seen on the wire (at most 20 listed) and how much was searched.</summary>
public sealed record MediaLeakReport(IReadOnlyList<string> Leaks, long DistinctiveWindowsSearched, long UninformativeWindowsSkipped, int RecordedWindows);
