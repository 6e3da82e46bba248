namespace EdgeMer.Perception.Tests;

/// <summary>The tests that share the loaded face models.</summary>
[CollectionDefinition(Name)]
public sealed class FaceModelsGroup : ICollectionFixture<FaceModelsFixture>
{
    public const string Name = "face models";
}
