using System.Text.Json;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary>
/// Proves the shipping form: edgemer published with Native AOT (publish-profiles/linux-x64-aot.pubxml,
/// the same publish ./build.sh publish does) runs as a native executable, finds ONNX Runtime and
/// drives libzmq (CURVE included) through EdgeMer's binding.
/// </summary>
public sealed class NativeAotTests : IDisposable
{
    private readonly string _publishDir = Directory.CreateTempSubdirectory("edgemer-aot-").FullName;

    public void Dispose() => Directory.Delete(_publishDir, recursive: true);

    [Fact]
    public void The_native_binary_runs_doctor_and_bench_zmq_with_onnxruntime_and_libzmq()
    {
        ChildProcess.Run(
            ChildProcess.DotnetHost,
            [
                "publish", Path.Combine(RepoPaths.Root, "src", "EdgeMer.Host", "EdgeMer.Host.csproj"),
                "-c", "Release", "-f", "net9.0", "-r", "linux-x64", "-nologo",
                $"-p:PublishProfileFullPath={Path.Combine(RepoPaths.Root, "publish-profiles", "linux-x64-aot.pubxml")}",
                $"-p:PublishDir={_publishDir}/",
            ],
            TimeSpan.FromMinutes(10)).EnsureSuccess("dotnet publish (Native AOT)");

        string executable = Path.Combine(_publishDir, "edgemer");
        Assert.True(IsElfExecutable(executable), $"{executable} is not a native ELF executable");
        Assert.False(File.Exists(Path.Combine(_publishDir, "edgemer.dll")), "an IL assembly was published beside the native executable");

        ChildProcessResult doctor = ChildProcess.Run(executable, ["doctor", "--json"], TimeSpan.FromMinutes(1))
            .EnsureSuccess("edgemer doctor --json");

        using JsonDocument report = JsonDocument.Parse(doctor.StandardOutput);
        JsonElement root = report.RootElement;
        Assert.True(root.GetProperty("edgeMer").GetProperty("nativeAot").GetBoolean());
        JsonElement ort = root.GetProperty("onnxRuntime");
        Assert.True(ort.GetProperty("loaded").GetBoolean(), ort.GetProperty("error").ToString());
        Assert.Equal("1.30.0", ort.GetProperty("version").GetString());
        Assert.Contains("CPUExecutionProvider", ort.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(Path.Combine(_publishDir, "libonnxruntime.so.1"), ort.GetProperty("library").GetString());
        Assert.Equal("4.3.4", root.GetProperty("zeroMq").GetProperty("version").GetString());
        Assert.True(root.GetProperty("zeroMq").GetProperty("curve").GetBoolean());
        Assert.Equal("x64-dev", root.GetProperty("deviceProfile").GetProperty("id").GetString());
        Assert.Equal("CPUExecutionProvider", root.GetProperty("executionProviders").GetProperty("selected").GetString());

        ChildProcessResult bench = ChildProcess.Run(executable, ["bench", "zmq", "--json", "--samples", "100", "--messages", "2000", "--rounds", "1"], TimeSpan.FromMinutes(2))
            .EnsureSuccess("edgemer bench zmq --json");

        using JsonDocument figures = JsonDocument.Parse(bench.StandardOutput);
        Assert.Equal("4.3.4", figures.RootElement.GetProperty("libzmq").GetString());
        JsonElement round = Assert.Single(figures.RootElement.GetProperty("throughput").GetProperty("roundFigures").EnumerateArray());
        Assert.True(round.GetProperty("curveMessagesPerSecond").GetDouble() > 0, bench.StandardOutput);
    }

    private static bool IsElfExecutable(string path)
    {
        Span<byte> header = stackalloc byte[4];
        using FileStream file = File.OpenRead(path);
        return file.Read(header) == 4 && header.SequenceEqual("\u007fELF"u8);
    }
}
