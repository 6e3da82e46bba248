using System.Runtime.InteropServices;
using System.Text.Json;
using EdgeMer.Testing;
using Official = Microsoft.ML.OnnxRuntime;

namespace EdgeMer.Inference.Tests;

/// <summary>
/// EdgeMer's binding and the official managed API (Microsoft.ML.OnnxRuntime) run each catalog model
/// (converted into $EDGEMER_CACHE/models) on the same inputs, on the same native library, in the same
/// process, with the same session settings: every output must be identical, bit for bit.
/// </summary>
public sealed class OfficialApiConformanceTests
{
    public static TheoryData<string> CatalogModels()
    {
        var ids = new TheoryData<string>();
        foreach (string manifest in Directory.GetFiles(Path.Combine(RepoPaths.Root, "models"), "*.json").Order(StringComparer.Ordinal))
        {
            ids.Add(Path.GetFileNameWithoutExtension(manifest));
        }

        return ids;
    }

    [Theory]
    [MemberData(nameof(CatalogModels))]
    public void Edgemer_and_the_official_api_compute_identical_outputs_for_the_catalog_model(string id)
    {
        string modelPath = Path.Combine(RepoPaths.Cache, "models", $"{id}.fp32.onnx");
        Assert.True(File.Exists(modelPath), $"{modelPath} is not built; run ./build.sh test or 'edgemer models fetch'");
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "models", $"{id}.json")));
        _ = OfficialOnnxRuntime.Environment;

        var inputs = new List<ManifestTensor>();
        int seed = 7;
        foreach (JsonElement input in manifest.RootElement.GetProperty("inputs").EnumerateArray())
        {
            inputs.Add(ManifestTensor.Create(input, new Random(seed++)));
        }

        using InferenceSession edgeMer = InferenceSession.Load(
            TestEnvironment.Instance, modelPath, new InferenceSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 });
        using var officialOptions = new Official.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var official = new Official.InferenceSession(modelPath, officialOptions);
        using var runOptions = new Official.RunOptions();

        var edgeMerInputs = new Dictionary<string, PinnedTensor>(StringComparer.Ordinal);
        var officialValues = new List<Official.OrtValue>();
        try
        {
            foreach (ManifestTensor input in inputs)
            {
                edgeMerInputs[input.Name] = input.ToPinnedTensor();
                officialValues.Add(input.ToOrtValue());
            }

            IReadOnlyList<InferenceOutput> ours = edgeMer.Run(edgeMerInputs);
            string[] outputNames = [.. ours.Select(o => o.Name)];
            using Official.IDisposableReadOnlyCollection<Official.OrtValue> theirs = official.Run(
                runOptions, [.. inputs.Select(i => i.Name)], officialValues, outputNames);

            // The pre-bound path writes into tensors EdgeMer's caller owns: the same bits again.
            using InferenceBinding binding = edgeMer.CreateBinding();
            foreach ((string name, PinnedTensor tensor) in edgeMerInputs)
            {
                binding.BindInput(name, tensor);
            }

            var bound = new List<PinnedTensor<float>>();
            foreach (InferenceOutput output in ours)
            {
                PinnedTensor<float> tensor = PinnedTensor.Allocate<float>(output.Shape);
                bound.Add(tensor);
                binding.BindOutput(output.Name, tensor);
            }

            binding.Run();

            Assert.Equal(manifest.RootElement.GetProperty("outputs").GetArrayLength(), ours.Count);
            for (int i = 0; i < ours.Count; i++)
            {
                Assert.Equal(theirs[i].GetTensorTypeAndShape().Shape, ours[i].Shape.ToArray());
                ReadOnlySpan<float> reference = theirs[i].GetTensorDataAsSpan<float>();
                Assert.True(reference.Length > 0, $"{id}: output '{ours[i].Name}' is empty");
                Assert.True(
                    MemoryMarshal.AsBytes(reference).SequenceEqual(MemoryMarshal.AsBytes(ours[i].Elements<float>())),
                    $"{id}: output '{ours[i].Name}' of InferenceSession.Run differs from the official API's");
                Assert.True(
                    MemoryMarshal.AsBytes(reference).SequenceEqual(MemoryMarshal.AsBytes(bound[i].Span)),
                    $"{id}: output '{ours[i].Name}' of InferenceBinding.Run differs from the official API's");
                bound[i].Dispose();
            }
        }
        finally
        {
            foreach (PinnedTensor tensor in edgeMerInputs.Values)
            {
                tensor.Dispose();
            }

            foreach (Official.OrtValue value in officialValues)
            {
                value.Dispose();
            }
        }
    }

    // One manifest input (models/*.json), with values drawn once so both APIs get the same ones.
    private sealed record ManifestTensor(string Name, long[] Shape, float[]? Floats, int[]? Ints, long[]? Longs)
    {
        public static ManifestTensor Create(JsonElement input, Random random)
        {
            string name = input.GetProperty("name").GetString()!;
            long[] shape = [.. input.GetProperty("shape").EnumerateArray().Select(d => d.ValueKind == JsonValueKind.Number ? d.GetInt64() : 1L)];
            int count = checked((int)shape.Aggregate(1L, (a, b) => a * b));
            return input.GetProperty("dtype").GetString() switch
            {
                "float32" => new(name, shape, [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1))], null, null),
                "int32" => new(name, shape, null, [.. Enumerable.Range(0, count).Select(_ => random.Next(0, 256))], null),

                // Silero VAD's sample rate is the only int64 input: the rate it is fed.
                "int64" => new(name, shape, null, null, [.. Enumerable.Repeat(16_000L, count)]),
                var other => throw new NotSupportedException($"input '{name}' has dtype {other}"),
            };
        }

        public PinnedTensor ToPinnedTensor() =>
            Floats is not null ? PinnedTensor.FromArray((float[])Floats.Clone(), Shape)
            : Ints is not null ? PinnedTensor.FromArray((int[])Ints.Clone(), Shape)
            : PinnedTensor.FromArray((long[])Longs!.Clone(), Shape);

        public Official.OrtValue ToOrtValue() =>
            Floats is not null ? Official.OrtValue.CreateTensorValueFromMemory((float[])Floats.Clone(), Shape)
            : Ints is not null ? Official.OrtValue.CreateTensorValueFromMemory((int[])Ints.Clone(), Shape)
            : Official.OrtValue.CreateTensorValueFromMemory((long[])Longs!.Clone(), Shape);
    }
}
