namespace EdgeMer.Runtime.Diagnostics;

/// <summary>This build of EdgeMer; <paramref name="GlibcFloor"/> is the oldest glibc its published binary runs on.</summary>
public sealed record EdgeMerInfo(string Version, string Framework, bool NativeAot, string Executable, string GlibcFloor);
