using System.Text.Json.Serialization;

namespace EdgeMer.Bridge;

/// <summary>The shape of <see cref="BridgeOptions"/> as source-generated metadata, for checking configuration keys without reflection.</summary>
[JsonSerializable(typeof(BridgeOptions))]
public sealed partial class BridgeOptionsShapeJsonContext : JsonSerializerContext;
