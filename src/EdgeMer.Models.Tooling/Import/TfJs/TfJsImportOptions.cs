namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>How a TensorFlow.js graph model becomes an ONNX model: graph name, boundary names, metadata.</summary>
public sealed class TfJsImportOptions
{
    /// <summary>The ONNX graph's name.</summary>
    public string GraphName { get; init; } = "model";

    /// <summary>ONNX names for the model's inputs, by TensorFlow placeholder name (<c>input_1</c>); unnamed ones keep a name from the signature.</summary>
    public IReadOnlyDictionary<string, string> InputNames { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The outputs, in order: TensorFlow tensor (<c>Identity_3:0</c> or <c>Identity_3</c>) and ONNX name.
    /// Empty: the signature's outputs, named by their signature keys.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Outputs { get; init; } = [];

    /// <summary>Written into the model's metadata_props (source, licence, converter version).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
