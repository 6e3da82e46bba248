using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using EdgeMer.Platform;

namespace EdgeMer.Models.Tooling.Verification;

/// <summary>
/// Streams Silero VAD the way the pinned @ricky0123/vad-web does, with that package's own code
/// (<c>dist/models/silero.js</c>: the context of the previous frame in front of each frame, the state
/// carried along) in onnxruntime-node 1.30.0, through src/peers/vad-reference.js. Signals and
/// probabilities travel as raw little-endian float32 files.
/// </summary>
public sealed class VadWebReference
{
    private readonly ReferenceEnvironment _environment;

    public VadWebReference(ReferenceEnvironment environment)
    {
        _environment = environment;
    }

    /// <summary>
    /// The speech probability of every whole <paramref name="frameSamples"/>-sample frame of each signal
    /// (each from a fresh state), from <paramref name="modelPath"/> as the package in
    /// <paramref name="vadWebPackage"/> streams it.
    /// </summary>
    public IReadOnlyList<float[]> Run(string vadWebPackage, string modelPath, int frameSamples, IReadOnlyList<float[]> signals)
    {
        string work = Directory.CreateTempSubdirectory("edgemer-vad-reference-").FullName;
        try
        {
            var list = new JsonArray();
            for (int i = 0; i < signals.Count; i++)
            {
                string file = Path.Combine(work, $"signal{i}.f32");
                File.WriteAllBytes(file, MemoryMarshal.AsBytes(signals[i].AsSpan()).ToArray());
                list.Add((JsonNode)new JsonObject { ["file"] = file, ["output"] = Path.Combine(work, $"probabilities{i}.f32") });
            }

            var request = new JsonObject
            {
                ["onnxRuntime"] = _environment.OnnxRuntimeNodePackage,
                ["common"] = _environment.OnnxRuntimeCommonPackage,
                ["vadWeb"] = Path.GetFullPath(vadWebPackage),
                ["model"] = Path.GetFullPath(modelPath),
                ["frameSamples"] = frameSamples,
                ["signals"] = list,
            };
            string requestPath = Path.Combine(work, "request.json");
            File.WriteAllText(requestPath, request.ToJsonString());
            ExternalProgram.Run(_environment.Node, [_environment.VadPeerScript, requestPath], _environment.ReferenceTimeout)
                .EnsureSuccess($"the vad-web reference ({_environment.VadPeerScript})");

            var results = new List<float[]>(signals.Count);
            for (int i = 0; i < signals.Count; i++)
            {
                byte[] bytes = File.ReadAllBytes(Path.Combine(work, $"probabilities{i}.f32"));
                results.Add(MemoryMarshal.Cast<byte, float>(bytes).ToArray());
            }

            return results;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
