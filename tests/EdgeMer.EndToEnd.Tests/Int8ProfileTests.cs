using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.EndToEnd.Tests;

/// <summary>
/// A device profile that chooses a model's INT8 variant runs it in <c>edgemer run</c>: the variant is
/// built by <c>edgemer models quantize</c> from the committed recipe into a store of the test's own
/// (beside a copy of the built fp32 models), and the service, given a profile whose
/// <c>inference.modelVariants</c> names it, says it senses with it and publishes per-person summaries
/// with emotions read from the face.
/// </summary>
public sealed partial class Int8ProfileTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(3);

    private readonly string _directory = Directory.CreateTempSubdirectory("edgemer-int8-profile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_profile_that_chooses_the_int8_emotion_model_senses_with_it_in_edgemer_run()
    {
        string store = CopyOfBuiltStore();
        EdgemerRunSetup.Cli("models", "quantize", "--recipe", Path.Combine(RepoPaths.Root, "quantization", "emotion.json"), "--store", store, "--reports", Path.Combine(_directory, "reports"));
        Assert.True(File.Exists(Path.Combine(store, "emotion.int8.onnx")), "models quantize wrote no emotion.int8.onnx");
        string devices = ProfilesChoosing("x64-dev", "emotion", "int8");

        ExternalProgramResult doctor = EdgemerRunSetup.Cli("doctor", "--profile", "x64-dev", "--devices", devices, "--store", store, "--load-models");
        Assert.Contains(doctor.StandardOutput.Split('\n'), line => line.Contains("model emotion (int8)", StringComparison.Ordinal) && line.Contains("session opened", StringComparison.Ordinal));

        EdgemerRunSetup run = EdgemerRunSetup.Write(_directory);
        using ServiceProcess edgemer = ServiceProcess.Start(TestPrograms.Dotnet, [.. run.Arguments, $"--EdgeMer:Devices={devices}", $"--EdgeMer:ModelStore={store}"]);
        string announced = edgemer.WaitForLine(line => AnnouncedEndpoint().IsMatch(line), Wait)
            ?? throw new InvalidOperationException($"edgemer run never said where it publishes:\n{edgemer.Output}");
        string sensing = edgemer.WaitForLine(line => line.Contains("Sensing runs", StringComparison.Ordinal), Wait)
            ?? throw new InvalidOperationException($"edgemer run never said which models it senses with:\n{edgemer.Output}");
        Assert.Contains("emotion int8", sensing, StringComparison.Ordinal);
        Assert.Contains("facemesh fp32", sensing, StringComparison.Ordinal);

        using var context = new ZmqContext();
        using ZmqSocket sub = context.CreateSocket(ZmqSocketType.Sub);
        sub.ReceiveTimeout = TimeSpan.FromSeconds(5);
        sub.Subscribe("");
        sub.Connect(AnnouncedEndpoint().Match(announced).Groups[1].Value);
        var frames = new List<byte[]>();
        long deadline = Environment.TickCount64 + (long)Wait.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            Assert.False(edgemer.HasExited, $"edgemer run ended:\n{edgemer.Output}");
            if (sub.ReceiveMultipart(frames)
                && WireMessage.Parse(Assert.Single(frames)) is SummaryMessage { Summary: { Track: int, Emotions: not null } summary }
                && summary.ReadingOf(Affect.Modality.Face) is not null)
            {
                return;
            }
        }

        Assert.Fail($"no per-person summary with emotions read from the face in {Wait}; edgemer run:\n{edgemer.Output}");
    }

    /// <summary>The built models and their index, copied, so the variant the test builds stays out of the shared store.</summary>
    private string CopyOfBuiltStore()
    {
        string source = Path.Combine(RepoPaths.Cache, "models");
        string store = Directory.CreateDirectory(Path.Combine(_directory, "store")).FullName;
        foreach (string file in Directory.EnumerateFiles(source).Where(f => f.EndsWith(".fp32.onnx", StringComparison.Ordinal) || Path.GetFileName(f) == "index.json"))
        {
            File.Copy(file, Path.Combine(store, Path.GetFileName(file)));
        }

        return store;
    }

    /// <summary>The committed device profiles, copied, with <paramref name="profile"/> choosing <paramref name="variant"/> of <paramref name="model"/>.</summary>
    private string ProfilesChoosing(string profile, string model, string variant)
    {
        string devices = Directory.CreateDirectory(Path.Combine(_directory, "devices")).FullName;
        foreach (string file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "devices"), "*.json"))
        {
            File.Copy(file, Path.Combine(devices, Path.GetFileName(file)));
        }

        string path = Path.Combine(devices, profile + ".json");
        JsonObject json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["inference"]!["modelVariants"] = new JsonObject { [model] = variant };
        File.WriteAllText(path, json.ToJsonString());
        return devices;
    }

    [GeneratedRegex(@"Publishing summaries on (tcp://\S+)")]
    private static partial Regex AnnouncedEndpoint();
}
