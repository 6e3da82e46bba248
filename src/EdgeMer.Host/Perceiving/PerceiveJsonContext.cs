using System.Text.Json.Serialization;

namespace EdgeMer.Host.Perceiving;

// Source-generated JSON for edgemer perceive (Native AOT: no reflection); one object per line.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(PerceivedFace))]
[JsonSerializable(typeof(PerceivedSpeech))]
[JsonSerializable(typeof(PerceivedBody))]
internal sealed partial class PerceiveJsonContext : JsonSerializerContext;
