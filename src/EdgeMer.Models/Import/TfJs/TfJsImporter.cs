using System.Text.Json;
using EdgeMer.Onnx;

namespace EdgeMer.Models.Import.TfJs;

/// <summary>
/// Converts a TensorFlow.js graph model (model.json + weight shards) to ONNX (opset 17). The
/// model keeps its NHWC input layout and element type at the graph boundary; inside, convolutions
/// and pools run channels-first with transposes only where a channels-last value is needed.
/// </summary>
public static class TfJsImporter
{
    /// <summary>
    /// Changes whenever the conversion of any model can change, so converted files made by an
    /// older converter are rebuilt.
    /// </summary>
    public const string ConverterVersion = "2";

    /// <summary>The TensorFlow ops the importer converts; any other op is an error naming it and its node.</summary>
    public static IReadOnlyCollection<string> SupportedOps => TfJsGraphConverter.SupportedOps;

    /// <summary>Reads and converts <paramref name="modelJsonPath"/>; errors name the file, node or op at fault.</summary>
    public static OnnxModel Import(string modelJsonPath, TfJsImportOptions? options = null)
    {
        options ??= new TfJsImportOptions();
        TfJsModelFile file = ReadModelFile(modelJsonPath);
        List<TfJsNode> nodes = file.ModelTopology?.Node
            ?? throw new TfJsImportException($"{modelJsonPath} has no modelTopology.node: it is not a TensorFlow.js graph model");
        Dictionary<string, TfJsConstant> weights = TfJsWeights.Load(modelJsonPath, file.WeightsManifest ?? []);
        var converter = new TfJsGraphConverter(modelJsonPath, nodes, weights, file.Signature ?? file.UserDefinedMetadata?.Signature, options);
        OnnxModel model = converter.Convert();
        model.ProducerName = "EdgeMer TensorFlow.js importer";
        model.ProducerVersion = ConverterVersion;
        foreach (KeyValuePair<string, string> entry in options.Metadata)
        {
            model.SetMetadata(entry.Key, entry.Value);
        }

        model.Validate();
        return model;
    }

    /// <summary>Converts <paramref name="modelJsonPath"/> and writes the ONNX model to <paramref name="onnxPath"/> atomically: on any error no file is left there.</summary>
    public static OnnxModel ImportToFile(string modelJsonPath, string onnxPath, TfJsImportOptions? options = null)
    {
        OnnxModel model = Import(modelJsonPath, options);
        model.Save(onnxPath);
        return model;
    }

    private static TfJsModelFile ReadModelFile(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, TfJsJsonContext.Default.TfJsModelFile)
                ?? throw new TfJsImportException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new TfJsImportException($"{path} is not valid TensorFlow.js model JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TfJsImportException($"cannot read {path}: {e.Message}", e);
        }
    }
}
