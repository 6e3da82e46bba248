namespace EdgeMer.Runtime.Diagnostics;

/// <summary>This build of EdgeMer.</summary>
public sealed record EdgeMerInfo(string Version, string Framework, bool NativeAot, string Executable);
