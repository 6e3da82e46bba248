using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeMer.Models.Verification;

/// <summary>
/// Runs src/peers/model-reference.js: TensorFlow.js 4.22.0 (the original models) and, as the ONNX
/// Runtime engine, onnxruntime-node 1.30.0 (the same native ONNX Runtime build EdgeMer binds).
/// Inputs and outputs travel as raw little-endian files plus a small JSON.
/// </summary>
public sealed class NodeModelReference : IOnnxModelRunner
{
    private readonly ReferenceEnvironment _environment;

    public NodeModelReference(ReferenceEnvironment environment)
    {
        _environment = environment;
    }

    /// <summary>Runs the TensorFlow.js graph model <paramref name="modelJsonPath"/> once per case.</summary>
    public IReadOnlyList<IReadOnlyList<RawTensor>> RunTfJs(string modelJsonPath, IReadOnlyList<string> outputNames, IReadOnlyList<IReadOnlyList<RawTensor>> cases) =>
        RunCases("tfjs", modelJsonPath, outputNames, cases, extra: null);

    public IReadOnlyList<IReadOnlyList<RawTensor>> Run(string modelPath, IReadOnlyList<string> outputNames, IReadOnlyList<IReadOnlyList<RawTensor>> cases) =>
        RunCases("onnxruntime", modelPath, outputNames, cases, extra: null);

    public float[] RunRecurrent(string modelPath, RecurrentRun run, float[] samples, IReadOnlyList<RawTensor> otherInputs)
    {
        long stateSize = 1;
        foreach (long dim in run.StateShape)
        {
            stateSize *= dim;
        }

        var recurrent = new JsonObject
        {
            ["input"] = run.Input,
            ["chunk"] = run.Chunk,
            ["stateIn"] = run.StateIn,
            ["stateOut"] = run.StateOut,
            ["stateShape"] = ToJsonArray(run.StateShape),
            ["stateSize"] = stateSize,
            ["output"] = run.Output,
        };
        var inputs = new List<RawTensor> { RawTensor.FromFloats(run.Input, [samples.Length], samples) };
        inputs.AddRange(otherInputs);
        IReadOnlyList<RawTensor> result = RunCases("onnxruntime", modelPath, [run.Output], [inputs], recurrent)[0];
        return Array.ConvertAll(result[0].ToDoubles(), v => (float)v);
    }

    private List<IReadOnlyList<RawTensor>> RunCases(
        string engine, string model, IReadOnlyList<string> outputNames, IReadOnlyList<IReadOnlyList<RawTensor>> cases, JsonObject? extra)
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
                ["engine"] = engine,
                ["package"] = engine == "tfjs" ? _environment.TfJsPackage : _environment.OnnxRuntimeNodePackage,
                ["commonPackage"] = _environment.OnnxRuntimeCommonPackage,
                ["model"] = Path.GetFullPath(model),
                ["outputs"] = outputs,
                ["cases"] = caseArray,
            };
            if (extra is not null)
            {
                request["recurrent"] = extra;
            }

            string requestPath = Path.Combine(work, "request.json");
            File.WriteAllText(requestPath, request.ToJsonString());
            RunNode(requestPath, engine);

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

    private void RunNode(string requestPath, string engine)
    {
        var start = new ProcessStartInfo(_environment.Node)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(_environment.PeerScript);
        start.ArgumentList.Add(requestPath);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {_environment.Node}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdout.Result;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the {engine} reference ({_environment.PeerScript}) failed with exit code {process.ExitCode}: {stderr.Trim()}");
        }
    }

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
