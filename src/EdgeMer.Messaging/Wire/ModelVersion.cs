using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>A model in use and its version (from its manifest).</summary>
public sealed class ModelVersion
{
    [JsonConstructor]
    public ModelVersion(string name, string version)
    {
        Name = WireCheck.Token(name, 32, "name");
        Version = WireCheck.Token(version, 32, "version");
    }

    public string Name { get; }

    public string Version { get; }
}
