namespace EdgeMer.Models.Tooling.Tests;

/// <summary>The tests that share one <see cref="BuiltModels"/> (building the catalog once per run).</summary>
[CollectionDefinition(Name)]
public sealed class BuiltModelsGroup : ICollectionFixture<BuiltModels>
{
    public const string Name = "built models";
}
