using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeMer.Models.Tooling.Tests;

/// <summary>
/// A TensorFlow.js graph model written node by node, as the TensorFlow.js converter writes one
/// (model.json with base64 string attributes and a weights manifest, one weights shard), for checking
/// an op or a weight encoding the catalogued models do not use against TensorFlow.js itself.
/// </summary>
public sealed class TinyTfJsModel
{
    private readonly JsonArray _nodes = [];
    private readonly JsonArray _weights = [];
    private readonly List<byte> _shard = [];

    public TinyTfJsModel Placeholder(string name, string dtype, params long[] shape)
    {
        var dims = new JsonArray();
        foreach (long size in shape)
        {
            dims.Add((JsonNode)new JsonObject { ["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        return Node(name, "Placeholder", [], new JsonObject { ["dtype"] = Type(dtype), ["shape"] = new JsonObject { ["shape"] = new JsonObject { ["dim"] = dims } } });
    }

    public TinyTfJsModel Floats(string name, long[] shape, float[] values) =>
        Const(name, "float32", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), quantization: null);

    public TinyTfJsModel Ints(string name, long[] shape, int[] values) =>
        Const(name, "int32", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), quantization: null);

    /// <summary>A weight stored as <paramref name="stored"/> bytes: raw values, or quantized as <paramref name="quantization"/> says.</summary>
    public TinyTfJsModel Const(string name, string dtype, long[] shape, byte[] stored, JsonObject? quantization)
    {
        var spec = new JsonObject { ["name"] = name, ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]), ["dtype"] = dtype };
        if (quantization is not null)
        {
            spec["quantization"] = quantization;
        }

        _weights.Add((JsonNode)spec);
        _shard.AddRange(stored);
        return Node(name, "Const", [], new JsonObject { ["dtype"] = Type(dtype), ["value"] = new JsonObject { ["tensor"] = new JsonObject { ["dtype"] = TfType(dtype) } } });
    }

    public TinyTfJsModel Node(string name, string op, string[] inputs, JsonObject attributes)
    {
        _nodes.Add((JsonNode)new JsonObject
        {
            ["name"] = name,
            ["op"] = op,
            ["input"] = new JsonArray([.. inputs.Select(i => (JsonNode)i)]),
            ["attr"] = attributes,
        });
        return this;
    }

    /// <summary>Writes model.json and weights.bin into <paramref name="folder"/>; returns the model.json path.</summary>
    public string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var model = new JsonObject
        {
            ["format"] = "graph-model",
            ["generatedBy"] = "2.x",
            ["convertedBy"] = "EdgeMer tests",
            ["modelTopology"] = new JsonObject { ["node"] = _nodes.DeepClone(), ["library"] = new JsonObject(), ["versions"] = new JsonObject() },
            ["weightsManifest"] = new JsonArray(new JsonObject { ["paths"] = new JsonArray("weights.bin"), ["weights"] = _weights.DeepClone() }),
        };
        string json = Path.Combine(folder, "model.json");
        File.WriteAllText(json, model.ToJsonString());
        File.WriteAllBytes(Path.Combine(folder, "weights.bin"), [.. _shard]);
        return json;
    }

    // ---- attribute values as TensorFlow.js writes them ----

    public static JsonObject Type(string dtype) => new() { ["type"] = TfType(dtype) };

    public static JsonObject IntList(params long[] values) =>
        new() { ["list"] = new JsonObject { ["i"] = new JsonArray([.. values.Select(v => (JsonNode)v.ToString(System.Globalization.CultureInfo.InvariantCulture))]) } };

    /// <summary>A string attribute: TensorFlow.js stores them base64-encoded.</summary>
    public static JsonObject Text(string value) => new() { ["s"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) };

    public static JsonObject Flag(bool value) => new() { ["b"] = value };

    private static string TfType(string dtype) => dtype switch
    {
        "float32" => "DT_FLOAT",
        "int32" => "DT_INT32",
        _ => throw new ArgumentException($"dtype {dtype} is not float32 or int32", nameof(dtype)),
    };
}
