namespace EdgeMer.Models.Tooling.Import.TfJs;

internal sealed partial class TfJsModelFile
{
    /// <summary>
    /// Checks what JSON deserialization cannot: no list entry, attribute or name the importer reads
    /// is null or empty. The converter can then rely on the shape of the file, and a damaged file is
    /// an error naming the file and the place instead of a null reference deep in a conversion.
    /// </summary>
    public void Validate(string path)
    {
        List<TfJsNode> nodes = ModelTopology?.Node
            ?? throw new TfJsImportException($"{path} has no modelTopology.node: it is not a TensorFlow.js graph model");
        for (int i = 0; i < nodes.Count; i++)
        {
            ValidateNode(path, nodes[i], $"modelTopology.node[{i}]");
        }

        List<TfJsWeightGroup> groups = WeightsManifest ?? [];
        for (int g = 0; g < groups.Count; g++)
        {
            string where = $"weightsManifest[{g}]";
            TfJsWeightGroup group = groups[g] ?? throw Null(path, where);
            RequireNoNulls(path, group.Paths, where + ".paths");
            List<TfJsWeightSpec> weights = group.Weights ?? [];
            for (int w = 0; w < weights.Count; w++)
            {
                TfJsWeightSpec spec = weights[w] ?? throw Null(path, $"{where}.weights[{w}]");
                if (string.IsNullOrEmpty(spec.Name))
                {
                    throw new TfJsImportException($"{path}: {where}.weights[{w}] has no name");
                }
            }
        }

        ValidateSignature(path, Signature, "signature");
        ValidateSignature(path, UserDefinedMetadata?.Signature, "userDefinedMetadata.signature");
    }

    private static void ValidateNode(string path, TfJsNode? node, string where)
    {
        if (node is null)
        {
            throw Null(path, where);
        }

        if (string.IsNullOrEmpty(node.Name))
        {
            throw new TfJsImportException($"{path}: {where} has no name");
        }

        if (string.IsNullOrEmpty(node.Op))
        {
            throw new TfJsImportException($"{path}: node '{node.Name}' ({where}) has no op");
        }

        string named = $"node '{node.Name}'";
        RequireNoNulls(path, node.Input, named + " input");
        if (node.Attr is null)
        {
            return;
        }

        foreach ((string key, TfJsAttr? attr) in node.Attr)
        {
            string attribute = $"{named} attribute '{key}'";
            if (attr is null)
            {
                throw Null(path, attribute);
            }

            RequireNoNulls(path, attr.List?.S, attribute + " list.s");
            ValidateShape(path, attr.Shape, attribute + " shape");
        }
    }

    private static void ValidateSignature(string path, TfJsSignature? signature, string where)
    {
        ValidateTensors(path, signature?.Inputs, where + ".inputs");
        ValidateTensors(path, signature?.Outputs, where + ".outputs");
    }

    private static void ValidateTensors(string path, Dictionary<string, TfJsTensorInfo>? tensors, string where)
    {
        if (tensors is null)
        {
            return;
        }

        foreach ((string key, TfJsTensorInfo? info) in tensors)
        {
            string tensor = $"{where}['{key}']";
            ValidateShape(path, (info ?? throw Null(path, tensor)).TensorShape, tensor + ".tensorShape");
        }
    }

    private static void ValidateShape(string path, TfJsShape? shape, string where) => RequireNoNulls(path, shape?.Dim, where + " dim");

    private static void RequireNoNulls<T>(string path, List<T>? list, string where)
        where T : class
    {
        for (int i = 0; i < (list?.Count ?? 0); i++)
        {
            if (list![i] is null)
            {
                throw Null(path, $"{where}[{i}]");
            }
        }
    }

    private static TfJsImportException Null(string path, string where) => new($"{path}: {where} is null");
}
