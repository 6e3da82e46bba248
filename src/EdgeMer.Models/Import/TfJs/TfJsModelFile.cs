using System.Text.Json.Serialization;

namespace EdgeMer.Models.Import.TfJs;

/// <summary>A TensorFlow.js graph model's <c>model.json</c>: the TensorFlow GraphDef as JSON plus the weights manifest.</summary>
internal sealed class TfJsModelFile
{
    [JsonPropertyName("format")]
    public string? Format { get; set; }

    [JsonPropertyName("generatedBy")]
    public string? GeneratedBy { get; set; }

    [JsonPropertyName("modelTopology")]
    public TfJsTopology? ModelTopology { get; set; }

    [JsonPropertyName("weightsManifest")]
    public List<TfJsWeightGroup>? WeightsManifest { get; set; }

    [JsonPropertyName("signature")]
    public TfJsSignature? Signature { get; set; }

    [JsonPropertyName("userDefinedMetadata")]
    public TfJsUserMetadata? UserDefinedMetadata { get; set; }
}

internal sealed class TfJsTopology
{
    [JsonPropertyName("node")]
    public List<TfJsNode>? Node { get; set; }
}

internal sealed class TfJsNode
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("op")]
    public string Op { get; set; } = "";

    [JsonPropertyName("input")]
    public List<string>? Input { get; set; }

    [JsonPropertyName("attr")]
    public Dictionary<string, TfJsAttr>? Attr { get; set; }
}

/// <summary>A TensorFlow <c>AttrValue</c>; exactly one member is set. Strings are base64, ints are decimal strings.</summary>
internal sealed class TfJsAttr
{
    [JsonPropertyName("s")]
    public string? S { get; set; }

    [JsonPropertyName("i")]
    public long? I { get; set; }

    [JsonPropertyName("f")]
    public float? F { get; set; }

    [JsonPropertyName("b")]
    public bool? B { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("shape")]
    public TfJsShape? Shape { get; set; }

    [JsonPropertyName("list")]
    public TfJsAttrList? List { get; set; }
}

internal sealed class TfJsAttrList
{
    [JsonPropertyName("s")]
    public List<string>? S { get; set; }

    [JsonPropertyName("i")]
    public List<long>? I { get; set; }

    [JsonPropertyName("f")]
    public List<float>? F { get; set; }
}

internal sealed class TfJsShape
{
    [JsonPropertyName("dim")]
    public List<TfJsDim>? Dim { get; set; }

    [JsonPropertyName("unknownRank")]
    public bool? UnknownRank { get; set; }
}

internal sealed class TfJsDim
{
    [JsonPropertyName("size")]
    public long Size { get; set; }
}

internal sealed class TfJsWeightGroup
{
    [JsonPropertyName("paths")]
    public List<string>? Paths { get; set; }

    [JsonPropertyName("weights")]
    public List<TfJsWeightSpec>? Weights { get; set; }
}

internal sealed class TfJsWeightSpec
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("shape")]
    public List<long>? Shape { get; set; }

    [JsonPropertyName("dtype")]
    public string? Dtype { get; set; }

    [JsonPropertyName("quantization")]
    public TfJsQuantization? Quantization { get; set; }
}

/// <summary>How a weight was compressed: uint8/uint16 affine (<c>value = q * scale + min</c>) or float16.</summary>
internal sealed class TfJsQuantization
{
    [JsonPropertyName("dtype")]
    public string? Dtype { get; set; }

    // Doubles: TensorFlow.js dequantizes in JavaScript numbers and rounds to float32 once.
    [JsonPropertyName("scale")]
    public double? Scale { get; set; }

    [JsonPropertyName("min")]
    public double? Min { get; set; }
}

internal sealed class TfJsUserMetadata
{
    [JsonPropertyName("signature")]
    public TfJsSignature? Signature { get; set; }
}

internal sealed class TfJsSignature
{
    [JsonPropertyName("inputs")]
    public Dictionary<string, TfJsTensorInfo>? Inputs { get; set; }

    [JsonPropertyName("outputs")]
    public Dictionary<string, TfJsTensorInfo>? Outputs { get; set; }
}

internal sealed class TfJsTensorInfo
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("dtype")]
    public string? Dtype { get; set; }

    [JsonPropertyName("tensorShape")]
    public TfJsShape? TensorShape { get; set; }
}

[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(TfJsModelFile))]
internal sealed partial class TfJsJsonContext : JsonSerializerContext;
