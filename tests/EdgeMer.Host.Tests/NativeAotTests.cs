using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeMer.Platform;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

/// <summary>Proves the shipping form: edgemer compiled with Native AOT runs as a native executable.</summary>
public sealed partial class NativeAotTests(PublishedEdgemer edgemer) : IClassFixture<PublishedEdgemer>
{
    [Fact]
    public void The_native_binary_runs_doctor_and_bench_zmq_with_onnxruntime_and_libzmq()
    {
        Assert.True(IsElfExecutable(edgemer.Executable), $"{edgemer.Executable} is not a native ELF executable");
        Assert.False(File.Exists(Path.Combine(edgemer.Folder, "edgemer.dll")), "an IL assembly was published beside the native executable");

        ExternalProgramResult doctor = ExternalProgram.Run(edgemer.Executable, ["doctor", "--json"], TimeSpan.FromMinutes(1))
            .EnsureSuccess("edgemer doctor --json");

        using JsonDocument report = JsonDocument.Parse(doctor.StandardOutput);
        JsonElement root = report.RootElement;
        Assert.True(root.GetProperty("edgeMer").GetProperty("nativeAot").GetBoolean());
        JsonElement ort = root.GetProperty("onnxRuntime");
        Assert.True(ort.GetProperty("loaded").GetBoolean(), ort.GetProperty("error").ToString());
        Assert.Equal("1.31.1", ort.GetProperty("version").GetString());
        Assert.Contains("CPUExecutionProvider", ort.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(Path.Combine(edgemer.Folder, "libonnxruntime.so"), ort.GetProperty("library").GetString());
        Assert.Equal("4.3.4", root.GetProperty("zeroMq").GetProperty("version").GetString());
        Assert.True(root.GetProperty("zeroMq").GetProperty("curve").GetBoolean());
        Assert.Equal("x64-dev", root.GetProperty("deviceProfile").GetProperty("id").GetString());
        Assert.Equal("CPUExecutionProvider", root.GetProperty("executionProviders").GetProperty("selected").GetString());

        ExternalProgramResult bench = ExternalProgram.Run(edgemer.Executable, ["bench", "zmq", "--json", "--samples", "100", "--messages", "2000", "--rounds", "1"], TimeSpan.FromMinutes(2))
            .EnsureSuccess("edgemer bench zmq --json");

        using JsonDocument figures = JsonDocument.Parse(bench.StandardOutput);
        Assert.Equal("4.3.4", figures.RootElement.GetProperty("libzmq").GetString());
        JsonElement round = Assert.Single(figures.RootElement.GetProperty("throughput").GetProperty("roundFigures").EnumerateArray());
        Assert.True(round.GetProperty("curveMessagesPerSecond").GetDouble() > 0, bench.StandardOutput);
    }

    [Fact]
    public void The_native_binary_and_the_onnx_runtime_beside_it_need_no_newer_glibc_than_the_floor_doctor_states()
    {
        // As on linux-arm64 (Arm64DeviceBinaryTests): a change that raises either fails here.
        Assert.Equal(new Version(2, 34), GlibcNeeds.Newest(edgemer.Executable));
        Assert.Equal(new Version(2, 28), GlibcNeeds.Newest(Path.Combine(edgemer.Folder, "libonnxruntime.so")));
        Assert.Equal(CLibrary.Floor, GlibcNeeds.Newest(edgemer.Executable));
    }

    [Fact]
    public void The_native_binary_benchmarks_its_binding_against_the_official_api_on_the_library_published_beside_it()
    {
        ExternalProgramResult bench = ExternalProgram.Run(
            edgemer.Executable, ["bench", "ort", "--json", "--iterations", "50", "--model-iterations", "5"], TimeSpan.FromMinutes(3), workingDirectory: RepoPaths.Root)
            .EnsureSuccess("edgemer bench ort --json (Native AOT)");

        using JsonDocument report = JsonDocument.Parse(bench.StandardOutput);
        Assert.Equal(Path.Combine(edgemer.Folder, "libonnxruntime.so"), report.RootElement.GetProperty("onnxRuntimeLibrary").GetString());
        Assert.StartsWith("Microsoft.ML.OnnxRuntime 1.31.1", report.RootElement.GetProperty("officialApi").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, report.RootElement.GetProperty("cases").GetArrayLength());
        Assert.All(report.RootElement.GetProperty("cases").EnumerateArray(), measured =>
            Assert.True(measured.GetProperty("edgeMerBinding").GetProperty("allocatedBytesPerRun").GetDouble() < 24, measured.ToString()));
    }

    [Fact]
    public void The_native_binary_perceives_a_photograph_with_the_SkiaSharp_library_published_beside_it()
    {
        // SkiaSharp's no-dependencies native library travels with the executable and loads under Native AOT.
        Assert.True(File.Exists(Path.Combine(edgemer.Folder, "libSkiaSharp.so")), $"no libSkiaSharp.so in {edgemer.Folder}");
        string overlay = Path.Combine(edgemer.Folder, "diner-overlay.png");

        ExternalProgramResult perceive = ExternalProgram.Run(
                edgemer.Executable,
                ["perceive", "--source", Path.Combine(RepoPaths.Root, "models", "sample-media", "diner.jpg"), "--json", "--overlay", overlay],
                TimeSpan.FromMinutes(2),
                workingDirectory: RepoPaths.Root)
            .EnsureSuccess("native edgemer perceive");

        using JsonDocument face = JsonDocument.Parse(perceive.StandardOutput.Trim());
        Assert.Equal(0, face.RootElement.GetProperty("track").GetInt32());
        Assert.True(face.RootElement.GetProperty("emotionProbability").GetSingle() > 0);
        Assert.True(new FileInfo(overlay).Length > 1000, "the overlay PNG is missing or empty");
    }

    [Fact]
    public void The_native_binary_perceives_speech_and_its_voice_pipeline_allocates_nothing_per_chunk()
    {
        ExternalProgramResult perceive = ExternalProgram.Run(
                edgemer.Executable,
                ["perceive", "--source", Path.Combine(RepoPaths.Root, "models", "sample-media", "speech.wav"), "--json"],
                TimeSpan.FromMinutes(2),
                workingDirectory: RepoPaths.Root)
            .EnsureSuccess("native edgemer perceive on speech");
        ExternalProgramResult bench = ExternalProgram.Run(edgemer.Executable, ["bench", "voice", "--json", "--passes", "3", "--warmup", "2"], TimeSpan.FromMinutes(2), workingDirectory: RepoPaths.Root)
            .EnsureSuccess("native edgemer bench voice");

        string first = perceive.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        using JsonDocument segment = JsonDocument.Parse(first);
        Assert.Equal("heuristic", segment.RootElement.GetProperty("affectSource").GetString());
        Assert.True(segment.RootElement.GetProperty("f0MeanHz").GetSingle() > 50, first);
        using JsonDocument report = JsonDocument.Parse(bench.StandardOutput);
        // Under Native AOT some library paths allocate where the JIT build's do not (Span.Sort did).
        Assert.Equal(0, report.RootElement.GetProperty("managedBytesPerChunk").GetDouble());
    }

    [Fact]
    public void Outside_a_repository_the_native_doctor_reads_the_manifests_published_beside_it()
    {
        string elsewhere = Directory.CreateTempSubdirectory("edgemer-elsewhere-").FullName;
        try
        {
            ExternalProgramResult doctor = ExternalProgram.Run(edgemer.Executable, ["doctor", "--json"], TimeSpan.FromMinutes(1), workingDirectory: elsewhere)
                .EnsureSuccess("edgemer doctor --json outside the repository");

            using JsonDocument report = JsonDocument.Parse(doctor.StandardOutput);
            JsonElement catalog = report.RootElement.GetProperty("modelCatalog");
            Assert.Equal(Path.Combine(edgemer.Folder, "models"), catalog.GetProperty("folder").GetString());
            Assert.Equal(JsonValueKind.Null, catalog.GetProperty("problem").ValueKind);
            Assert.Equal(8, report.RootElement.GetProperty("models").GetArrayLength());
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public void The_native_service_starts_from_its_configuration_answers_status_reloads_on_SIGHUP_and_stops_on_SIGTERM()
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

        using var service = ServiceProcess.Start(edgemer.Executable, ["run", "--config", config], new Dictionary<string, string?> { ["XDG_STATE_HOME"] = Path.Combine(edgemer.Folder, "state") });
        string? running = service.WaitForLine(line => RunningLine().IsMatch(line));
        Assert.True(running is not null, $"edgemer run did not report running:\n{service.Output}");
        string controlEndpoint = RunningLine().Match(running).Groups["control"].Value;

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

        service.Signal("HUP");
        Assert.True(
            service.WaitForLine(line => line.Contains("Reloaded (SIGHUP): profile x64-dev, 1 models", StringComparison.Ordinal)) is not null,
            $"edgemer run did not reload on SIGHUP:\n{service.Output}");
        Assert.False(service.HasExited, "SIGHUP ended the service");

        service.Signal("TERM");
        Assert.Equal(0, service.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("EdgeMer stopped", service.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"EdgeMer running: .* control on (?<control>tcp://[0-9.]+:[0-9]+)")]
    private static partial Regex RunningLine();

    private static bool IsElfExecutable(string path)
    {
        Span<byte> header = stackalloc byte[4];
        using FileStream file = File.OpenRead(path);
        return file.Read(header) == 4 && header.SequenceEqual("\u007fELF"u8);
    }
}
