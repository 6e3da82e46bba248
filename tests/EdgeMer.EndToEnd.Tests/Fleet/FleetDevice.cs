using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Platform;
using EdgeMer.Testing;

namespace EdgeMer.EndToEnd.Tests.Fleet;

/// <summary>
/// A device with model updates on: an update folder with a trust root of two release keys
/// (threshold 2), made with the real <c>edgemer bundle</c> commands, bundles made and signed with
/// them from the built models, and <c>edgemer run</c> started on it (sensing the sample clip and
/// speech) with a subscriber over loopback.
/// </summary>
internal sealed partial class FleetDevice : IDisposable
{
    /// <summary>The models the running pipelines use with the x64 profile: face, body and voice.</summary>
    public static readonly string[] SensingModels = ["blazeface-back", "facemesh", "iris", "emotion", "movenet-lightning", "silero-vad"];

    public static readonly TimeSpan Wait = TimeSpan.FromMinutes(3);

    private readonly ZmqContext _context = new();
    private ServiceProcess? _service;
    private ZmqSocket? _sub;

    public FleetDevice()
    {
        Folder = Directory.CreateTempSubdirectory("edgemer-fleet-").FullName;
        Fleet = Directory.CreateDirectory(Path.Combine(Folder, "fleet")).FullName;
        Keys = Directory.CreateDirectory(Path.Combine(Folder, "keys")).FullName;
        EdgemerRunSetup.Cli("bundle", "keygen", "--name", "release-1", "--out", Keys);
        EdgemerRunSetup.Cli("bundle", "keygen", "--name", "release-2", "--out", Keys);
        EdgemerRunSetup.Cli("bundle", "keygen", "--name", "stranger", "--out", Keys);
        EdgemerRunSetup.Cli("bundle", "trust", "--key", Path.Combine(Keys, "release-1.key.pem"), "--key", Path.Combine(Keys, "release-2.key.pem"), "--threshold", "2", "--out", Path.Combine(Fleet, "trust.json"));
        Setup = EdgemerRunSetup.Write(Folder, Fleet);
    }

    public string Folder { get; }

    public string Fleet { get; }

    public string Keys { get; }

    public EdgemerRunSetup Setup { get; }

    public ServiceProcess Service => _service ?? throw new InvalidOperationException("not started");

    public string Inbox => Path.Combine(Fleet, "inbox");

    /// <summary>The set the <c>current</c> link names, or null when the configured store serves.</summary>
    public string? LiveSet => new FileInfo(Path.Combine(Fleet, "current")).LinkTarget;

    /// <summary>
    /// A bundle at <paramref name="version"/> of the built models <paramref name="models"/> (store and
    /// manifests), signed by <paramref name="signers"/> (key names); made in the test's folder. With
    /// <paramref name="broken"/>, that model's file is replaced by bytes that are no ONNX model, its index
    /// entry updated to match: a bundle whose every hash checks out but whose model cannot load. With
    /// <paramref name="config"/> (JSON), it carries that as its configuration; with
    /// <paramref name="withStore"/> false, the manifests only.
    /// </summary>
    public string Bundle(string name, long version, string[] models, string[] signers, string? created = null, string? expires = null, string? broken = null, string? config = null, bool withStore = true)
    {
        string content = Path.Combine(Folder, "content-" + name);
        string store = Directory.CreateDirectory(Path.Combine(content, "store")).FullName;
        string cache = Path.Combine(RepoPaths.Cache, "models");
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(cache, "index.json")))!.AsObject();
        var kept = new JsonArray();
        foreach (JsonNode? entry in index["models"]!.AsArray())
        {
            if (models.Contains((string)entry!["id"]!) && (string)entry["variant"]! == "fp32")
            {
                string file = Path.Combine(store, (string)entry["file"]!);
                File.Copy(Path.Combine(cache, (string)entry["file"]!), file);
                JsonNode copy = entry.DeepClone();
                if ((string)entry["id"]! == broken)
                {
                    byte[] garbage = new byte[4096];
                    new Random(5).NextBytes(garbage);
                    File.WriteAllBytes(file, garbage);
                    copy["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(garbage));
                    copy["bytes"] = garbage.Length;
                }

                kept.Add(copy);
            }
        }

        index["models"] = kept;
        File.WriteAllText(Path.Combine(store, "index.json"), index.ToJsonString());
        string catalog = CatalogCopy.Create(Path.Combine(content, "models"), models);
        string bundle = Path.Combine(Folder, name);
        var create = new List<string> { "bundle", "create", "--catalog", catalog, "--version", version.ToString(CultureInfo.InvariantCulture), "--out", bundle };
        if (withStore)
        {
            create.AddRange(["--store", store]);
        }

        if (config is not null)
        {
            string file = Path.Combine(content, "edgemer.json");
            File.WriteAllText(file, config);
            create.AddRange(["--config", file]);
        }

        if (created is not null)
        {
            create.AddRange(["--created", created]);
        }

        if (expires is not null)
        {
            create.AddRange(["--expires", expires]);
        }

        EdgemerRunSetup.Cli([.. create]);
        foreach (string signer in signers)
        {
            EdgemerRunSetup.Cli("bundle", "sign", "--bundle", bundle, "--key", Path.Combine(Keys, signer + ".key_secret.pem"));
        }

        return bundle;
    }

    /// <summary>Drops <paramref name="bundle"/> into the inbox as a delivery would: written under a dot name, then renamed in.</summary>
    public string Drop(string bundle, string? name = null)
    {
        Directory.CreateDirectory(Inbox);
        name ??= Path.GetFileName(bundle);
        string partial = Path.Combine(Inbox, "." + name + ".part");
        File.Copy(bundle, partial);
        File.Move(partial, Path.Combine(Inbox, name));
        return name;
    }

    /// <summary>Starts <c>edgemer run</c> (with <paramref name="killAt"/> as the update's crash hook) and, unless it is meant to die, subscribes to it.</summary>
    public void Start(string? killAt = null)
    {
        _sub?.Dispose();
        _service?.Dispose();
        var environment = new Dictionary<string, string?> { ["EDGEMER_UPDATE_KILL_AT"] = killAt };
        _service = ServiceProcess.Start(TestPrograms.Dotnet, Setup.Arguments, environment);
        string announced = _service.WaitForLine(line => AnnouncedEndpoint().IsMatch(line), Wait)
            ?? throw new InvalidOperationException($"edgemer run never said where it publishes:\n{_service.Output}");
        _sub = _context.CreateSocket(ZmqSocketType.Sub);
        _sub.ReceiveTimeout = TimeSpan.FromSeconds(5);
        _sub.Subscribe("");
        _sub.Connect(AnnouncedEndpoint().Match(announced).Groups[1].Value);
    }

    /// <summary>
    /// Receives until a health message meets <paramref name="until"/>; returns it with the largest gap
    /// between two scene summaries meanwhile (between the ends of their windows) and how many summaries came (at least
    /// <paramref name="minimumSummaries"/> before it counts). Fails after <see cref="Wait"/>.
    /// </summary>
    public (HealthMessage Health, TimeSpan LargestGap, int Summaries) WatchUntil(Func<HealthMessage, bool> until, int minimumSummaries = 0)
    {
        var frames = new List<byte[]>();
        var clock = Stopwatch.StartNew();
        DateTimeOffset? last = null;
        TimeSpan largest = TimeSpan.Zero;
        int summaries = 0;
        while (clock.Elapsed < Wait)
        {
            Assert.False(Service.HasExited, $"edgemer run ended:\n{Service.Output}");
            if (!_sub!.ReceiveMultipart(frames))
            {
                continue;
            }

            object message = WireMessage.Parse(Assert.Single(frames));
            if (message is SummaryMessage { Summary.Track: null } summary)
            {
                // The service's own time for each summary (its window's end), so the test process's
                // scheduling on a busy machine does not count as a gap.
                summaries++;
                DateTimeOffset made = summary.Summary.Window.End;
                if (last is { } previous && made - previous > largest)
                {
                    largest = made - previous;
                }

                last = made;
            }
            else if (message is HealthMessage health && summaries >= minimumSummaries && until(health))
            {
                return (health, largest, summaries);
            }
        }

        throw new TimeoutException($"no health message met the condition in {Wait}; edgemer run:\n{Service.Output}");
    }

    /// <summary>
    /// How long the windows of the next <paramref name="count"/> scene summaries are: the summary
    /// interval the service made them at. Fails after <see cref="Wait"/>.
    /// </summary>
    public TimeSpan[] SceneWindows(int count)
    {
        var frames = new List<byte[]>();
        var windows = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        while (windows.Count < count)
        {
            Assert.True(clock.Elapsed < Wait, $"only {windows.Count} scene summaries in {Wait}; edgemer run:\n{Service.Output}");
            Assert.False(Service.HasExited, $"edgemer run ended:\n{Service.Output}");
            if (_sub!.ReceiveMultipart(frames) && WireMessage.Parse(Assert.Single(frames)) is SummaryMessage { Summary: { Track: null } summary })
            {
                windows.Add(summary.Window.Value.End - summary.Window.Value.Start);
            }
        }

        return [.. windows];
    }

    /// <summary>The outcome the service wrote for the bundle that arrived as <paramref name="name"/>, once it is there.</summary>
    public JsonElement Result(string name)
    {
        string path = Path.Combine(Fleet, "results", name + ".json");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            Assert.True(clock.Elapsed < Wait, $"no result for {name} in {Wait}; edgemer run:\n{Service.Output}");
            Assert.False(Service.HasExited && !File.Exists(path), $"edgemer run ended before a result for {name}:\n{Service.Output}");
            Service.WaitForLine(line => line.Contains(name, StringComparison.Ordinal) || line.Contains("Update step", StringComparison.Ordinal), TimeSpan.FromSeconds(1));
        }

        return JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;
    }

    /// <summary>Stops the service (if it runs) and the subscriber.</summary>
    public void Stop()
    {
        _sub?.Dispose();
        _sub = null;
        _service?.Dispose();
        _service = null;
    }

    public void Dispose()
    {
        Stop();
        _context.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    [GeneratedRegex(@"Publishing summaries on (tcp://\S+)")]
    private static partial Regex AnnouncedEndpoint();
}
