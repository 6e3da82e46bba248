using System.Security.Cryptography;
using System.Text.Json;
using EdgeMer.Onnx;

namespace EdgeMer.Models.Tooling.Import.TfJs;

/// <summary>
/// Converts a TensorFlow.js graph model (model.json + weight shards) to ONNX (opset 17). The
/// model keeps its NHWC input layout and element type at the graph boundary; inside, convolutions
/// and pools run channels-first with transposes only where a channels-last value is needed.
/// </summary>
public static class TfJsImporter
{
    /// <summary>
    /// Identifies the code that converts, so a converted file is rebuilt whenever the converter that
    /// made it may convert differently: a digest of the module version ids of EdgeMer.Models (the
    /// importer) and EdgeMer.Onnx (the ONNX writer). Builds are deterministic, so the same sources and
    /// references compiled the same way give the same id, and any change to either assembly gives a new
    /// one; nobody has to remember to bump a number. The id is deliberately coarse: it also changes when
    /// an assembly these are compiled against changes (a new commit id stamped into EdgeMer.Platform's
    /// version, say), which costs one reconversion of the catalog and never a stale model.
    /// </summary>
    public static string ConverterVersion { get; } = ConverterIdentity();

    /// <summary>The TensorFlow ops the importer converts; any other op is an error naming it and its node.</summary>
    public static IReadOnlyCollection<string> SupportedOps => TfJsGraphConverter.SupportedOps;

    /// <summary>Reads and converts <paramref name="modelJsonPath"/>; errors name the file, node or op at fault.</summary>
    public static OnnxModel Import(string modelJsonPath, TfJsImportOptions? options = null)
    {
        options ??= new TfJsImportOptions();
        TfJsModelFile file = ReadModelFile(modelJsonPath);
        file.Validate(modelJsonPath);
        Dictionary<string, TfJsConstant> weights = TfJsWeights.Load(modelJsonPath, file.WeightsManifest ?? []);
        var converter = new TfJsGraphConverter(modelJsonPath, file.ModelTopology!.Node!, weights, file.Signature ?? file.UserDefinedMetadata?.Signature, options);
        OnnxModel model = converter.Convert();
        model.ProducerName = "EdgeMer TensorFlow.js importer";
        model.ProducerVersion = ConverterVersion;
        foreach (KeyValuePair<string, string> entry in options.Metadata)
        {
            model.SetMetadata(entry.Key, entry.Value);
        }

        try
        {
            model.Validate();
        }
        catch (OnnxModelException e)
        {
            // The conversion of some node produced an inconsistent graph; say which source it came from.
            throw new TfJsImportException($"{modelJsonPath}: the converted model is not valid ONNX: {e.Message}", e);
        }

        return model;
    }

    /// <summary>Converts <paramref name="modelJsonPath"/> and writes the ONNX model to <paramref name="onnxPath"/> atomically: on any error no file is left there.</summary>
    public static OnnxModel ImportToFile(string modelJsonPath, string onnxPath, TfJsImportOptions? options = null)
    {
        OnnxModel model = Import(modelJsonPath, options);
        model.Save(onnxPath);
        return model;
    }

    private static string ConverterIdentity()
    {
        Guid importer = typeof(TfJsImporter).Module.ModuleVersionId;
        Guid writer = typeof(OnnxModel).Module.ModuleVersionId;
        if (importer == Guid.Empty || writer == Guid.Empty)
        {
            // Without the ids a stale conversion could pass for current; refuse rather than guess.
            throw new InvalidOperationException("the module version ids of EdgeMer.Models and EdgeMer.Onnx are not available, so converted models cannot be matched to their converter");
        }

        Span<byte> ids = stackalloc byte[32];
        importer.TryWriteBytes(ids[..16]);
        writer.TryWriteBytes(ids[16..]);
        return "mvid-" + Convert.ToHexStringLower(SHA256.HashData(ids).AsSpan(0, 12));
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
