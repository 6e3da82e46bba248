using System.Text.Json.Serialization;

namespace EdgeMer.Models.Tooling.Listing;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ModelListing))]
internal sealed partial class ListingJsonContext : JsonSerializerContext;
