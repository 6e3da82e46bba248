using System.Text.Json.Serialization;
using EdgeMer.Fleet.Trust;

namespace EdgeMer.Fleet.Bundles;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(BundleMetadata))]
[JsonSerializable(typeof(BundleSignatures))]
[JsonSerializable(typeof(TrustRootDocument))]
[JsonSerializable(typeof(AcceptedVersion))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
