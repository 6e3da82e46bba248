using System.Diagnostics;
using System.Text.Json;

namespace EdgeMer.Onnx.Tests;

/// <summary>Runs Debian's python3-onnx (Python/onnx_peer.py): the reference EdgeMer's models are checked against.</summary>
internal static class OnnxPeer
{
    // Debian's interpreter, which python3-onnx installs into; a python3 earlier on PATH may lack it.
    private const string Python = "/usr/bin/python3";

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Python", "onnx_peer.py");

    /// <summary>onnx.checker (full check) and strict shape inference; returns the inferred value types, or throws with the checker's message.</summary>
    public static JsonElement Check(string modelPath) => JsonDocument.Parse(Run("check", modelPath)).RootElement.GetProperty("values");

    public static void WriteSample(string path) => Run("write-sample", path);

    public static JsonElement Schema() => JsonDocument.Parse(Run("schema")).RootElement;

    /// <summary>Runs the peer; a non-zero exit becomes an exception carrying its stderr.</summary>
    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Script);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new OnnxPeerException($"onnx_peer.py {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout;
    }
}

internal sealed class OnnxPeerException(string message) : Exception(message);
