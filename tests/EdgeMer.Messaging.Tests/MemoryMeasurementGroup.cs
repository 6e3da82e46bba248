namespace EdgeMer.Messaging.Tests;

/// <summary>
/// Tests that measure this process's memory (resident set, allocations) run on their own, after the
/// others, so that no other test's work shows in their figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementGroup
{
    public const string Name = "memory measurements";
}
