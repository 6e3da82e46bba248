using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary>Proves the shipping form: edgemer compiled with Native AOT runs as a native executable.</summary>
public sealed partial class NativeAotTests(PublishedEdgemer edgemer) : IClassFixture<PublishedEdgemer>
{
    [Fact]
    public void The_native_binary_runs_doctor_and_reports_onnxruntime_with_the_cpu_provider()
    {
        Assert.True(IsElfExecutable(edgemer.Executable), $"{edgemer.Executable} is not a native ELF executable");
        Assert.False(File.Exists(Path.Combine(edgemer.Folder, "edgemer.dll")), "an IL assembly was published beside the native executable");

        ChildProcessResult doctor = ChildProcess.Run(edgemer.Executable, ["doctor", "--json"], TimeSpan.FromMinutes(1))
            .EnsureSuccess("edgemer doctor --json");

        using JsonDocument report = JsonDocument.Parse(doctor.StandardOutput);
        JsonElement root = report.RootElement;
        Assert.True(root.GetProperty("edgeMer").GetProperty("nativeAot").GetBoolean());
        JsonElement ort = root.GetProperty("onnxRuntime");
        Assert.True(ort.GetProperty("loaded").GetBoolean(), ort.GetProperty("error").ToString());
        Assert.Equal("1.30.0", ort.GetProperty("version").GetString());
        Assert.Contains("CPUExecutionProvider", ort.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(Path.Combine(edgemer.Folder, "libonnxruntime.so.1"), ort.GetProperty("library").GetString());
        Assert.Equal("4.3.4", root.GetProperty("zeroMq").GetProperty("version").GetString());
        Assert.True(root.GetProperty("zeroMq").GetProperty("curve").GetBoolean());
        Assert.Equal("x64-dev", root.GetProperty("deviceProfile").GetProperty("id").GetString());
        Assert.Equal("CPUExecutionProvider", root.GetProperty("executionProviders").GetProperty("selected").GetString());
    }

    [Fact]
    public async Task The_native_service_starts_from_its_configuration_answers_status_reloads_on_SIGHUP_and_stops_on_SIGTERM()
    {
        string config = Path.Combine(edgemer.Folder, "test-run.json");
        File.WriteAllText(config, new JsonObject
        {
            ["EdgeMer"] = new JsonObject
            {
                ["Profile"] = "x64-dev",
                ["Catalog"] = Path.Combine(RepoPaths.Root, "models"),
                ["ModelStore"] = Path.Combine(RepoPaths.Cache, "models"),
                ["Models"] = new JsonArray("emotion"),
            },
            ["Messaging"] = new JsonObject
            {
                ["Publisher"] = new JsonObject { ["DeviceId"] = "aot-device", ["Endpoints"] = new JsonArray("tcp://127.0.0.1:*") },
                ["Control"] = new JsonObject { ["Endpoint"] = "tcp://127.0.0.1:*" },
            },
        }.ToJsonString());

        var start = new ProcessStartInfo(edgemer.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "run", "--config", config })
        {
            start.ArgumentList.Add(argument);
        }

        using Process service = Process.Start(start)!;
        try
        {
            Task<string> errors = service.StandardError.ReadToEndAsync();
            string? controlEndpoint = null;
            var output = new List<string>();
            while (controlEndpoint is null && service.StandardOutput.ReadLine() is { } line)
            {
                output.Add(line);
                controlEndpoint = RunningLine().Match(line) is { Success: true } match ? match.Groups["control"].Value : null;
            }

            Assert.True(controlEndpoint is not null, $"edgemer run did not report running:\n{string.Join('\n', output)}\n{(service.HasExited ? await errors : string.Empty)}");

            using (var context = new ZmqContext())
            using (ZmqSocket control = context.CreateSocket(ZmqSocketType.Dealer))
            {
                control.ReceiveTimeout = TimeSpan.FromSeconds(20);
                control.Connect(controlEndpoint);
                control.Send("""{"schema":"edgemer.control/1","id":"aot","command":"status"}"""u8);
                var frames = new List<byte[]>();
                Assert.True(control.ReceiveMultipart(frames), "no reply to status");
                ControlReply reply = JsonSerializer.Deserialize(frames[^1], ControlJsonContext.Default.ControlReply)!;
                Assert.Equal("aot-device", reply.Status!.Device);
            }

            Signal(service, "HUP");
            string? reloaded = null;
            while (reloaded is null && service.StandardOutput.ReadLine() is { } line)
            {
                output.Add(line);
                reloaded = line.Contains("Reloaded: profile x64-dev, 1 models", StringComparison.Ordinal) ? line : null;
            }

            Assert.True(reloaded is not null, $"edgemer run did not reload on SIGHUP:\n{string.Join('\n', output)}");
            Assert.False(service.HasExited, "SIGHUP ended the service");

            Task<string> rest = service.StandardOutput.ReadToEndAsync();
            Signal(service, "TERM");
            Assert.True(service.WaitForExit(TimeSpan.FromSeconds(30)), "edgemer run did not stop on SIGTERM");
            Assert.Equal(0, service.ExitCode);
            Assert.Contains("EdgeMer stopped", await rest, StringComparison.Ordinal);
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill();
            }
        }
    }

    private static void Signal(Process process, string signal) =>
        ChildProcess.Run("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10))
            .EnsureSuccess($"kill -{signal}");

    [GeneratedRegex(@"EdgeMer running: .* control on (?<control>tcp://[0-9.]+:[0-9]+)")]
    private static partial Regex RunningLine();

    private static bool IsElfExecutable(string path)
    {
        Span<byte> header = stackalloc byte[4];
        using FileStream file = File.OpenRead(path);
        return file.Read(header) == 4 && header.SequenceEqual("\u007fELF"u8);
    }
}
