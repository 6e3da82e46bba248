using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeMer.EndToEnd.Tests.Arm64;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Platform;
using EdgeMer.Testing;
using Xunit.Abstractions;

namespace EdgeMer.EndToEnd.Tests;

/// <summary>
/// The binary users copy to a Raspberry Pi or a Jetson: edgemer published for linux-arm64 here and run
/// under qemu (build/emulate-arm64.sh), with the ONNX Runtime published beside it and Debian's arm64
/// libzmq. Emulated timings are printed for the record; they are not a board's.
/// </summary>
public sealed partial class Arm64DeviceBinaryTests(PublishedArm64Edgemer edgemer, ITestOutputHelper output) : IClassFixture<PublishedArm64Edgemer>
{
    private static readonly TimeSpan s_emulated = TimeSpan.FromMinutes(4);

    [Fact]
    public void The_arm64_binary_and_the_libraries_beside_it_need_no_newer_glibc_than_the_floor_doctor_states()
    {
        Assert.Equal("AArch64", GlibcNeeds.Machine(edgemer.Executable));
        Assert.Equal("AArch64", GlibcNeeds.Machine(Path.Combine(edgemer.Folder, "libonnxruntime.so")));
        Assert.False(File.Exists(Path.Combine(edgemer.Folder, "edgemer.dll")), "an IL assembly was published beside the native executable");

        // Measured on the Debian 12 publish; docs/native-aot.md maps them to the boards. A change that
        // raises one (a newer libc call, a newer ONNX Runtime) fails here before it strands a board.
        var needs = new Dictionary<string, Version?>
        {
            ["edgemer"] = GlibcNeeds.Newest(edgemer.Executable),
            ["libonnxruntime.so"] = GlibcNeeds.Newest(Path.Combine(edgemer.Folder, "libonnxruntime.so")),
            ["libonnxruntime_providers_shared.so"] = GlibcNeeds.Newest(Path.Combine(edgemer.Folder, "libonnxruntime_providers_shared.so")),
            ["libSkiaSharp.so"] = GlibcNeeds.Newest(Path.Combine(edgemer.Folder, "libSkiaSharp.so")),
        };
        output.WriteLine(string.Join(", ", needs.Select(n => $"{n.Key} GLIBC_{n.Value}")));
        Assert.Equal(new Version(2, 34), needs["edgemer"]);
        Assert.Equal(new Version(2, 28), needs["libonnxruntime.so"]);
        Assert.Equal(new Version(2, 17), needs["libonnxruntime_providers_shared.so"]);
        Assert.Equal(new Version(2, 27), needs["libSkiaSharp.so"]);
        Assert.Equal(CLibrary.Floor, needs.Values.Max());
    }

    [Arm64Fact]
    public void Doctor_under_emulation_reports_arm64_the_bundled_onnx_runtime_on_cpu_and_libzmq_with_curve()
    {
        var clock = Stopwatch.StartNew();
        ExternalProgramResult doctor = Emulate(["doctor", "--json", "--profile", "raspberry-pi-5"], workingDirectory: RepoPaths.Root)
            .EnsureSuccess("edgemer doctor --json (linux-arm64, emulated)");
        output.WriteLine($"doctor under qemu: {clock.Elapsed.TotalSeconds:0.0} s (emulated, not a board's time)");

        using JsonDocument report = JsonDocument.Parse(doctor.StandardOutput);
        JsonElement root = report.RootElement;
        Assert.True(root.GetProperty("edgeMer").GetProperty("nativeAot").GetBoolean());
        Assert.Equal("arm64", root.GetProperty("machine").GetProperty("architecture").GetString());
        Assert.True(Version.Parse(root.GetProperty("machine").GetProperty("glibc").GetString()!) >= CLibrary.Floor);
        JsonElement ort = root.GetProperty("onnxRuntime");
        Assert.True(ort.GetProperty("loaded").GetBoolean(), ort.GetProperty("error").ToString());
        Assert.Equal("1.31.1", ort.GetProperty("version").GetString());
        Assert.Equal(Path.Combine(edgemer.Folder, "libonnxruntime.so"), ort.GetProperty("library").GetString());
        Assert.Equal(["CPUExecutionProvider"], ort.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("raspberry-pi-5", root.GetProperty("deviceProfile").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("deviceProfile").GetProperty("glibcNote").ValueKind);
        Assert.Equal("CPUExecutionProvider", root.GetProperty("executionProviders").GetProperty("selected").GetString());
        JsonElement zmq = root.GetProperty("zeroMq");
        Assert.True(zmq.GetProperty("loaded").GetBoolean(), zmq.GetProperty("error").ToString());
        Assert.Equal("4.3.4", zmq.GetProperty("version").GetString());
        Assert.True(zmq.GetProperty("curve").GetBoolean());
        Assert.True(root.GetProperty("healthy").GetBoolean(), doctor.StandardOutput);
    }

    [Arm64Theory]
    [InlineData("emotion")]
    [InlineData("blazeface-back")]
    [InlineData("silero-vad")]
    public void The_converted_models_on_the_arm64_onnx_runtime_agree_with_their_reference(string model)
    {
        // The reference (TensorFlow.js, vad-web) runs in this machine's Node; the model runs in the
        // arm64 ONNX Runtime under emulation, with the same tolerance as on x64.
        ExternalProgramResult verify = Emulate(["models", "verify", "--id", model, "--json"], workingDirectory: RepoPaths.Root);

        using JsonDocument report = JsonDocument.Parse(verify.StandardOutput);
        JsonElement verification = Assert.Single(report.RootElement.GetProperty("models").EnumerateArray());
        output.WriteLine($"{model}: {verification.GetProperty("summary").GetString()}");
        Assert.Equal(model, verification.GetProperty("modelId").GetString());
        Assert.True(verification.GetProperty("passed").GetBoolean(), $"{verification}\n{verify.StandardError}");
        Assert.True(verification.GetProperty("worstScaled").GetDouble() <= report.RootElement.GetProperty("tolerance").GetDouble());
        Assert.Equal(0, verify.ExitCode);
    }

    [Arm64Fact]
    public void The_arm64_service_answers_status_and_its_health_reaches_a_python3_zmq_subscriber_on_x64()
    {
        string state = Directory.CreateTempSubdirectory("edgemer-arm64-run-").FullName;
        try
        {
            string config = Path.Combine(state, "run.json");
            File.WriteAllText(config, new JsonObject
            {
                ["EdgeMer"] = new JsonObject
                {
                    ["Profile"] = "raspberry-pi-5",
                    ["Catalog"] = Path.Combine(RepoPaths.Root, "models"),
                    ["ModelStore"] = Path.Combine(RepoPaths.Cache, "models"),
                    ["Models"] = new JsonArray("emotion"),
                    ["HealthInterval"] = "00:00:01",
                },
                ["Messaging"] = new JsonObject
                {
                    ["Publisher"] = new JsonObject { ["DeviceId"] = "arm64-device", ["Endpoints"] = new JsonArray("tcp://127.0.0.1:*") },
                    ["Control"] = new JsonObject { ["Endpoint"] = "tcp://127.0.0.1:*" },
                },
                // This machine has none of the Pi's camera and microphone the profile names: sense nothing.
                ["Sensing"] = new JsonObject { ["Video"] = "", ["Audio"] = "" },
            }.ToJsonString());

            var clock = Stopwatch.StartNew();
            using var service = ServiceProcess.Start(
                Arm64Emulation.Runner, [edgemer.Executable, "run", "--config", config], new Dictionary<string, string?> { ["XDG_STATE_HOME"] = state });
            string? running = service.WaitForLine(line => RunningLine().IsMatch(line), s_emulated);
            Assert.True(running is not null, $"edgemer run (arm64, emulated) did not report running:\n{service.Output}");
            output.WriteLine($"edgemer run under qemu reported running after {clock.Elapsed.TotalSeconds:0.0} s (emulated, not a board's time)");
            Match endpoints = RunningLine().Match(running);

            using (var context = new ZmqContext())
            using (ZmqSocket control = context.CreateSocket(ZmqSocketType.Dealer))
            {
                control.ReceiveTimeout = TimeSpan.FromSeconds(60);
                control.Connect(endpoints.Groups["control"].Value);
                control.Send("""{"schema":"edgemer.control/1","id":"arm64","command":"status"}"""u8);
                var frames = new List<byte[]>();
                Assert.True(control.ReceiveMultipart(frames), $"no reply to status:\n{service.Output}");
                ControlReply reply = JsonSerializer.Deserialize(frames[^1], ControlJsonContext.Default.ControlReply)!;
                Assert.Equal("arm64-device", reply.Status!.Device);
            }

            // Debian's python3-zmq on x64, sharing no code with EdgeMer, validates what it receives against the schema.
            ExternalProgramResult subscriber = ExternalProgram.Run(
                TestPrograms.DebianPython,
                [
                    Path.Combine(AppContext.BaseDirectory, "peers", "subscribe.py"),
                    "--endpoint", endpoints.Groups["publisher"].Value,
                    "--schema", Path.Combine(RepoPaths.Root, "docs", "schema", "edgemer-messages.v1.schema.json"),
                    "--count", "2", "--timeout", "60",
                ],
                TimeSpan.FromSeconds(90));
            Assert.True(subscriber.ExitCode == 0, $"{subscriber.StandardOutput}\n{subscriber.StandardError}\n{service.Output}");
            Assert.Matches(@"valid health \d+", subscriber.StandardOutput);

            service.Signal("TERM");
            Assert.Equal(0, service.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.Contains("EdgeMer stopped", service.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private ExternalProgramResult Emulate(IEnumerable<string> arguments, string workingDirectory) =>
        ExternalProgram.Run(Arm64Emulation.Runner, [edgemer.Executable, .. arguments], s_emulated, workingDirectory);

    [GeneratedRegex(@"EdgeMer running: .* summaries on (?<publisher>tcp://[0-9.]+:[0-9]+).*, control on (?<control>tcp://[0-9.]+:[0-9]+)")]
    private static partial Regex RunningLine();
}
