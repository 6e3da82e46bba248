using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.Onnx.Tests;

/// <summary>Runs Debian's python3-onnx (Python/onnx_peer.py): the reference EdgeMer's models are checked against.</summary>
internal static class OnnxPeer
{
    private static string Script => Path.Combine(AppContext.BaseDirectory, "Python", "onnx_peer.py");

    /// <summary>onnx.checker (full check) and strict shape inference; returns the inferred value types, or throws with the checker's message.</summary>
    public static JsonElement Check(string modelPath) => JsonDocument.Parse(Run("check", modelPath)).RootElement.GetProperty("values");

    public static void WriteSample(string path) => Run("write-sample", path);

    public static JsonElement Schema() => JsonDocument.Parse(Run("schema")).RootElement;

    /// <summary>Runs the peer; a non-zero exit becomes an exception carrying what it printed.</summary>
    public static string Run(params string[] arguments)
    {
        ExternalProgramResult result = ExternalProgram.Run(TestPrograms.DebianPython, [Script, .. arguments], TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new OnnxPeerException($"onnx_peer.py {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardError}");
        }

        return result.StandardOutput;
    }
}

internal sealed class OnnxPeerException(string message) : Exception(message);
