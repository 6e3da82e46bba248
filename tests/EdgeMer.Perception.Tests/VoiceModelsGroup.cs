namespace EdgeMer.Perception.Tests;

/// <summary>The tests that share the voice models.</summary>
[CollectionDefinition(Name)]
public sealed class VoiceModelsGroup : ICollectionFixture<VoiceModelsFixture>
{
    public const string Name = "voice models";
}
