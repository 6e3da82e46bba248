namespace EdgeMer.Inference.Tests;

/// <summary>Tests that measure the process's native memory run alone, so no other test's allocations blur it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeMemoryTests
{
    public const string Name = "native memory";
}
