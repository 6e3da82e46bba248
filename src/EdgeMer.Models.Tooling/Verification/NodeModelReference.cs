using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMer.Platform;

namespace EdgeMer.Models.Tooling.Verification;

/// <summary>
/// Runs the original TensorFlow.js models in TensorFlow.js 4.22.0 through src/peers/model-reference.js.
/// Inputs and outputs travel as raw little-endian files plus a small JSON.
/// </summary>
public sealed class NodeModelReference
{
    private readonly ReferenceEnvironment _environment;

    public NodeModelReference(ReferenceEnvironment environment)
    {
        _environment = environment;
    }

    /// <summary>Runs the TensorFlow.js graph model <paramref name="modelJsonPath"/> once per case.</summary>
    public IReadOnlyList<IReadOnlyList<RawTensor>> RunTfJs(string modelJsonPath, IReadOnlyList<string> outputNames, IReadOnlyList<IReadOnlyList<RawTensor>> cases) =>
        RunCases(modelJsonPath, outputNames, cases);

    private List<IReadOnlyList<RawTensor>> RunCases(string model, IReadOnlyList<string> outputNames, IReadOnlyList<IReadOnlyList<RawTensor>> cases)
    {
        string work = Directory.CreateTempSubdirectory("edgemer-reference-").FullName;
        try
        {
            var caseArray = new JsonArray();
            for (int c = 0; c < cases.Count; c++)
            {
                var inputs = new JsonArray();
                for (int i = 0; i < cases[c].Count; i++)
                {
                    RawTensor tensor = cases[c][i];
                    string file = Path.Combine(work, $"case{c}-input{i}.bin");
                    File.WriteAllBytes(file, tensor.Data);
                    inputs.Add((JsonNode)new JsonObject { ["name"] = tensor.Name, ["dtype"] = tensor.Dtype, ["shape"] = ToJsonArray(tensor.Shape), ["file"] = file });
                }

                caseArray.Add((JsonNode)new JsonObject { ["inputs"] = inputs, ["outputDir"] = Path.Combine(work, $"case{c}") });
            }

            var outputs = new JsonArray();
            foreach (string name in outputNames)
            {
                outputs.Add((JsonNode)name);
            }

            var request = new JsonObject
            {
                ["package"] = _environment.TfJsPackage,
                ["model"] = Path.GetFullPath(model),
                ["outputs"] = outputs,
                ["cases"] = caseArray,
            };
            string requestPath = Path.Combine(work, "request.json");
            File.WriteAllText(requestPath, request.ToJsonString());
            RunNode(requestPath);

            var results = new List<IReadOnlyList<RawTensor>>(cases.Count);
            for (int c = 0; c < cases.Count; c++)
            {
                results.Add(ReadOutputs(Path.Combine(work, $"case{c}", "outputs.json")));
            }

            return results;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private void RunNode(string requestPath) =>
        ExternalProgram.Run(_environment.Node, [_environment.PeerScript, requestPath], _environment.ReferenceTimeout)
            .EnsureSuccess($"the TensorFlow.js reference ({_environment.PeerScript})");

    private static List<RawTensor> ReadOutputs(string manifestPath)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        var tensors = new List<RawTensor>();
        foreach (JsonElement output in document.RootElement.EnumerateArray())
        {
            var shape = new List<long>();
            foreach (JsonElement dim in output.GetProperty("shape").EnumerateArray())
            {
                shape.Add(dim.GetInt64());
            }

            tensors.Add(new RawTensor(
                output.GetProperty("name").GetString()!,
                output.GetProperty("dtype").GetString()!,
                [.. shape],
                File.ReadAllBytes(output.GetProperty("file").GetString()!)));
        }

        return tensors;
    }

    private static JsonArray ToJsonArray(long[] values)
    {
        var array = new JsonArray();
        foreach (long value in values)
        {
            array.Add((JsonNode)value);
        }

        return array;
    }
}
