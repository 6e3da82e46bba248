using System.Globalization;
using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Host.Diagnostics;

namespace EdgeMer.Host.Benchmarks;

/// <summary>
/// The independent peer: onnxruntime-node 1.30.0, run by Node on src/peers/ort-node-bench.js
/// (copied beside the edgemer executable) from the packages build.sh staged and verified.
/// </summary>
public sealed class NodeOrtPeer
{
    /// <summary>The onnxruntime-node version EdgeMer compares against (pinned in downloads.lock).</summary>
    public const string Version = "1.30.0";

    private readonly string _node;
    private readonly string _script;
    private readonly string _package;
    private readonly string _common;

    private NodeOrtPeer(string node, string script, string package, string common)
    {
        _node = node;
        _script = script;
        _package = package;
        _common = common;
    }

    /// <summary>What the peer is, for reports.</summary>
    public string Description => $"onnxruntime-node {Version} via {_node}";

    /// <summary>Finds node, the script and the staged packages; null with the reason when something is missing.</summary>
    public static NodeOrtPeer? Find(out string? problem)
    {
        string? node = ToolProbe.FindOnPath("node");
        string script = Path.Combine(AppContext.BaseDirectory, "peers", "ort-node-bench.js");
        string npm = Path.Combine(EdgeMerPaths.Cache, "npm");
        string package = Path.Combine(npm, $"onnxruntime-node@{Version}");
        string common = Path.Combine(npm, $"onnxruntime-common@{Version}");
        problem = node is null ? "node is not on PATH"
            : !File.Exists(script) ? $"the peer script is missing ({script})"
            : !File.Exists(Path.Combine(package, ".verified"))
                ? $"onnxruntime-node@{Version} is not staged at {package} (set EDGEMER_CACHE or run ./build.sh setup)"
            : !File.Exists(Path.Combine(common, ".verified")) ? $"onnxruntime-common@{Version} is not staged at {common}"
            : null;
        return problem is null ? new NodeOrtPeer(node!, script, package, common) : null;
    }

    /// <summary>Times <paramref name="iterations"/> runs of the identity model at <paramref name="modelPath"/>.</summary>
    public NodeOrtPeerResult Measure(string modelPath, IReadOnlyList<long> shape, int iterations, int warmup, TimeSpan timeout)
    {
        ExternalProgramResult result = ExternalProgram.Run(
            _node,
            [
                _script,
                "--package", _package,
                "--common", _common,
                "--model", modelPath,
                "--shape", string.Join(',', shape),
                "--iterations", iterations.ToString(CultureInfo.InvariantCulture),
                "--warmup", warmup.ToString(CultureInfo.InvariantCulture),
            ],
            timeout).EnsureSuccess("the onnxruntime-node peer");
        string output = result.StandardOutput;
        return JsonSerializer.Deserialize(output, BenchmarkJsonContext.Default.NodeOrtPeerResult)
            ?? throw new InvalidOperationException("the onnxruntime-node peer printed no result");
    }
}
