using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMer.Runtime.Configuration;
using EdgeMer.Runtime.Hosting;
using EdgeMer.Inference;
using EdgeMer.Runtime;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Security;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Runtime.Tests;

/// <summary>
/// edgemer run as a service: real models through ONNX Runtime, real libzmq on loopback with wildcard
/// ports, health and control observed the way an integrator sees them.
/// </summary>
public sealed class RuntimeServiceTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-run-").FullName;
    private readonly string _configFile;
    private readonly ZmqContext _context = new();

    public RuntimeServiceTests()
    {
        // One ONNX Runtime environment serves the whole test process, so it must not hold the logger
        // factory of one of the hosts these tests start and dispose.
        InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), NullLoggerFactory.Instance);
        _configFile = Path.Combine(_dir, "edgemer.json");
        WriteConfig(Config());
    }

    public void Dispose()
    {
        _context.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_runtime_loads_its_models_and_publishes_health_naming_them_and_the_provider()
    {
        using IHost host = await StartAsync();
        RuntimeProbe service = new(host);
        using ZmqSocket sub = Subscribe(service);

        HealthMessage health = NextHealth(sub, _ => true);

        Assert.Equal("test-device", health.Device);
        Assert.Equal("cpu", health.Health.Provider);
        Assert.False(health.Health.Paused);
        Assert.Equal(["emotion", "silero-vad"], health.Health.Models.Select(m => m.Name));
        Assert.All(health.Health.Models, m => Assert.Matches("^[0-9a-f]{16}$", m.Version));
        Assert.Equal(["emotion", "silero-vad"], service.Setup.Models.Select(m => m.Id));
        Assert.Equal("x64-dev", service.Setup.Profile.Id);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_profile_that_chooses_a_models_int8_variant_gets_the_file_its_manifest_names()
    {
        // The int8 file here is the fp32 model's bytes under the int8 name: what is tested is the
        // choice and the check, not the quantization (that is EdgeMer.Quantization.Tests').
        string catalog = CatalogCopy.Create(Path.Combine(_dir, "catalog"), "emotion", "silero-vad");
        string store = Path.Combine(_dir, "store");
        Directory.CreateDirectory(store);
        var source = new EdgeMer.Models.Catalog.ModelStore(Path.Combine(RepoPaths.Cache, "models"));
        var target = new EdgeMer.Models.Tooling.Store.ModelStoreBuilder(store, Path.Combine(RepoPaths.Cache, "npm"));
        foreach (string id in (string[])["emotion", "silero-vad"])
        {
            File.Copy(source.ModelPath(id), Path.Combine(store, Path.GetFileName(source.ModelPath(id))));
        }

        File.Copy(source.IndexPath, target.IndexPath);
        byte[] int8 = File.ReadAllBytes(source.ModelPath("emotion"));
        string sha256 = EdgeMer.Models.Catalog.ModelStore.Sha256Hex(int8);
        target.AddVariant("emotion", "int8", int8, "test");
        string manifest = Path.Combine(catalog, "emotion.json");
        JsonObject emotion = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        foreach (JsonNode? variant in emotion["variants"]!.AsArray())
        {
            if ((string?)variant!["name"] == "int8")
            {
                variant["sha256"] = sha256;
            }
        }

        File.WriteAllText(manifest, emotion.ToJsonString());
        string devices = Path.Combine(_dir, "devices");
        Directory.CreateDirectory(devices);
        JsonObject profile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json")))!.AsObject();
        profile["inference"]!["modelVariants"] = new JsonObject { ["emotion"] = "int8" };
        File.WriteAllText(Path.Combine(devices, "x64-dev.json"), profile.ToJsonString());
        WriteConfig(Config().With("EdgeMer:Devices", JsonSerializer.Serialize(devices)).With("EdgeMer:Catalog", JsonSerializer.Serialize(catalog)).With("EdgeMer:ModelStore", JsonSerializer.Serialize(store)));

        using IHost host = await StartAsync();
        RuntimeProbe service = new(host);

        Assert.Equal([("emotion", "int8", sha256), ("silero-vad", "fp32", source.Find("silero-vad")!.Sha256)], service.Setup.Models.Select(m => (m.Id, m.Variant, m.Sha256)));
        await host.StopAsync();
    }

    [Fact]
    public async Task Pause_over_the_control_socket_is_reported_by_status_and_health_until_resume()
    {
        using IHost host = await StartAsync();
        RuntimeProbe service = new(host);
        using ZmqSocket sub = Subscribe(service);
        using ZmqSocket control = Control(service);

        Assert.True(Ask(control, "pause").Paused);
        Assert.True(Ask(control, "status").Status!.Paused);
        Assert.True(NextHealth(sub, h => h.Health.Paused).Health.Paused);

        Assert.False(Ask(control, "resume").Paused);
        Assert.False(Ask(control, "status").Status!.Paused);
        Assert.False(NextHealth(sub, h => !h.Health.Paused).Health.Paused);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_reload_that_changes_the_models_takes_effect_without_a_restart()
    {
        using IHost host = await StartAsync();
        RuntimeProbe service = new(host);
        using ZmqSocket sub = Subscribe(service);
        using ZmqSocket control = Control(service);
        JsonObject config = Config();
        config["EdgeMer"]!["Models"] = new JsonArray("emotion");
        WriteConfig(config);

        ControlReply reply = Ask(control, "reload");

        Assert.True(reply.Reload!.Reloaded, reply.Reload.Message);
        Assert.Equal(["emotion"], service.Setup.Models.Select(m => m.Id));
        HealthMessage health = NextHealth(sub, h => h.Health.Models.Count == 1);
        Assert.Equal("emotion", Assert.Single(health.Health.Models).Name);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Profile", "no-such-board", "no-such-board.json")]
    [InlineData("Models", "[\"no-such-model\"]", "no model 'no-such-model'")]
    [InlineData("HealthInterval", "not-a-time", "EdgeMer:HealthInterval")]
    public async Task A_reload_with_a_bad_configuration_keeps_the_running_one(string key, string value, string named)
    {
        using IHost host = await StartAsync();
        RuntimeProbe service = new(host);
        using ZmqSocket control = Control(service);
        RuntimeSetup before = service.Setup;
        JsonObject config = Config();
        config["EdgeMer"]![key] = value.StartsWith('[') ? JsonNode.Parse(value) : value;
        WriteConfig(config);

        ControlReply reply = Ask(control, "reload");

        Assert.False(reply.Ok);
        Assert.Equal(ControlErrorCode.Failed, reply.Error!.Code);
        Assert.Contains(named, reply.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RepoPaths.Root, reply.Error.Message, StringComparison.Ordinal);
        Assert.Same(before, service.Setup);
        float[] probabilities = RunEmotion(service);
        Assert.Equal(1f, probabilities.Sum(), 3);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_reload_cannot_move_the_endpoints_of_a_running_device()
    {
        using IHost host = await StartAsync();
        RuntimeProbe service = new(host);
        using ZmqSocket control = Control(service);
        JsonObject config = Config();
        config["Messaging"]!["Control"]!["Endpoint"] = "tcp://127.0.0.1:1";
        WriteConfig(config);

        ControlReply reply = Ask(control, "reload");

        Assert.False(reply.Ok);
        Assert.Contains("Messaging:Control:Endpoint cannot change while running", reply.Error!.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_reload_cannot_change_the_purpose_the_device_senses_for_or_set_a_fusion_value_out_of_range()
    {
        using IHost host = await StartAsync();
        RuntimeProbe service = new(host);
        using ZmqSocket control = Control(service);
        RuntimeSetup before = service.Setup;
        JsonObject profile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json")))!.AsObject();
        profile["id"] = "classroom";
        profile["purpose"] = "education";
        string devices = Directory.CreateDirectory(Path.Combine(_dir, "devices")).FullName;
        File.WriteAllText(Path.Combine(devices, "classroom.json"), profile.ToJsonString());

        WriteConfig(Config().With("EdgeMer:Profile", "\"classroom\"").With("EdgeMer:Devices", JsonSerializer.Serialize(devices)));
        ControlReply purpose = Ask(control, "reload");
        WriteConfig(Config().With("Fusion:VoiceReliability", "2"));
        ControlReply reliability = Ask(control, "reload");

        Assert.False(purpose.Ok);
        Assert.Contains("purpose (research to education) cannot change while running", purpose.Error!.Message, StringComparison.Ordinal);
        Assert.False(reliability.Ok);
        Assert.Contains("Fusion:VoiceReliability 2 must be from 0 to 1", reliability.Error!.Message, StringComparison.Ordinal);
        Assert.Same(before, service.Setup);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Messaging:Publisher:Endpoints", "[]", "Messaging:Publisher:Endpoints must list at least one endpoint")]
    [InlineData("Messaging:Publisher:DeviceId", "\"two words\"", "Messaging:Publisher:DeviceId 'two words'")]
    [InlineData("EdgeMer:HealthInterval", "\"00:00:00.001\"", "EdgeMer:HealthInterval")]
    [InlineData("EdgeMer:NativeMemoryTrimInterval", "\"00:00:00.5\"", "EdgeMer:NativeMemoryTrimInterval 00:00:00.5000000 must be 00:00:00 (never) or from 00:00:01 to 01:00:00")]
    [InlineData("EdgeMer:Profile", "\"atari-2600\"", "atari-2600.json")]
    [InlineData("Messaging:Security:ClientsDirectory", "\"/nowhere\"", "Messaging:Security:ServerSecretKeyFile and Messaging:Security:ClientsDirectory must be set together")]
    public async Task A_bad_configuration_stops_the_start_naming_the_key(string key, string json, string named)
    {
        JsonObject config = Config().With(key, json);
        WriteConfig(config);
        using IHost host = RuntimeHost.Build(_configFile, []);

        string message = await RuntimeHost.StartFailureAsync(host);

        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_file_that_changed_after_it_was_built_is_refused()
    {
        string store = Path.Combine(_dir, "store");
        Directory.CreateDirectory(store);
        foreach (string file in Directory.GetFiles(Path.Combine(RepoPaths.Cache, "models")))
        {
            File.Copy(file, Path.Combine(store, Path.GetFileName(file)));
        }

        string model = Path.Combine(store, "emotion.fp32.onnx");
        byte[] bytes = File.ReadAllBytes(model);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(model, bytes);
        JsonObject config = Config();
        config["EdgeMer"]!["ModelStore"] = store;
        WriteConfig(config);
        using IHost host = RuntimeHost.Build(_configFile, []);

        string message = await RuntimeHost.StartFailureAsync(host);

        Assert.Contains(model, message, StringComparison.Ordinal);
        Assert.Contains("rebuild it", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_curve_configured_an_allow_listed_client_is_answered_and_a_stranger_is_not()
    {
        CurveKeyPair server = CurveKeyPair.Generate();
        CurveKeyPair operatorKeys = CurveKeyPair.Generate();
        (_, string serverSecret) = CurveKeyFile.Write(server, Path.Combine(_dir, "server"), "server");
        (string operatorPublic, _) = CurveKeyFile.Write(operatorKeys, Path.Combine(_dir, "operator"), "operator");
        string clients = Directory.CreateDirectory(Path.Combine(_dir, "clients")).FullName;
        File.Copy(operatorPublic, Path.Combine(clients, "operator.key"));
        JsonObject config = Config();
        config["Messaging"]!["Security"] = new JsonObject { ["ServerSecretKeyFile"] = serverSecret, ["ClientsDirectory"] = clients };
        WriteConfig(config);
        using IHost host = await StartAsync();
        RuntimeProbe service = new(host);

        using ZmqSocket allowed = Control(service, socket => socket.MakeCurveClient(operatorKeys, server.PublicKey));
        Assert.Equal("test-device", Ask(allowed, "status").Status!.Device);

        using ZmqSocket stranger = Control(service, socket => socket.MakeCurveClient(CurveKeyPair.Generate(), server.PublicKey));
        stranger.ReceiveTimeout = TimeSpan.FromSeconds(1);
        stranger.Send("""{"schema":"edgemer.control/1","id":"x","command":"status"}"""u8);
        Assert.False(stranger.ReceiveMultipart([]), "a client outside the allow-list was answered");
        await host.StopAsync();
    }

    [Fact]
    public async Task A_client_removed_from_the_allow_list_by_a_reload_can_no_longer_pause_over_its_open_connection()
    {
        CurveKeyPair server = CurveKeyPair.Generate();
        CurveKeyPair admin = CurveKeyPair.Generate();
        CurveKeyPair operatorKeys = CurveKeyPair.Generate();
        (_, string serverSecret) = CurveKeyFile.Write(server, Path.Combine(_dir, "server"), "server");
        string clients = Directory.CreateDirectory(Path.Combine(_dir, "clients")).FullName;
        CurveKeyFile.Write(admin, Path.Combine(_dir, "admin"), "admin");
        CurveKeyFile.Write(operatorKeys, Path.Combine(_dir, "operator"), "operator");
        File.Copy(Path.Combine(_dir, "admin", "admin.key"), Path.Combine(clients, "admin.key"));
        File.Copy(Path.Combine(_dir, "operator", "operator.key"), Path.Combine(clients, "operator.key"));
        JsonObject config = Config();
        config["Messaging"]!["Security"] = new JsonObject { ["ServerSecretKeyFile"] = serverSecret, ["ClientsDirectory"] = clients };
        WriteConfig(config);
        using IHost host = await StartAsync();
        RuntimeProbe service = new(host);
        using ZmqSocket adminControl = Control(service, socket => socket.MakeCurveClient(admin, server.PublicKey));
        using ZmqSocket operatorControl = Control(service, socket => socket.MakeCurveClient(operatorKeys, server.PublicKey));
        Assert.True(Ask(operatorControl, "status").Ok);

        File.Delete(Path.Combine(clients, "operator.key"));
        Assert.True(Ask(adminControl, "reload").Reload!.Reloaded);
        ControlReply refused = Ask(operatorControl, "pause");

        Assert.False(refused.Ok);
        Assert.Equal(ControlErrorCode.NotAllowed, refused.Error!.Code);
        Assert.False(Ask(adminControl, "status").Status!.Paused);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_server_secret_key_others_can_read_stops_the_start()
    {
        (_, string serverSecret) = CurveKeyFile.Write(CurveKeyPair.Generate(), Path.Combine(_dir, "server"), "server");
        File.SetUnixFileMode(serverSecret, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        string clients = Directory.CreateDirectory(Path.Combine(_dir, "clients")).FullName;
        JsonObject config = Config();
        config["Messaging"]!["Security"] = new JsonObject { ["ServerSecretKeyFile"] = serverSecret, ["ClientsDirectory"] = clients };
        WriteConfig(config);
        using IHost host = RuntimeHost.Build(_configFile, []);

        string message = await RuntimeHost.StartFailureAsync(host);

        Assert.StartsWith("Messaging:Security:ServerSecretKeyFile: ", message, StringComparison.Ordinal);
        Assert.Contains(serverSecret, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_line_overrides_win_over_the_configuration_file()
    {
        using IHost host = RuntimeHost.Build(_configFile, ["--Messaging:Publisher:DeviceId=cabin-7"]);
        await host.StartAsync();
        RuntimeProbe service = new(host);
        using ZmqSocket control = Control(service);

        Assert.Equal("cabin-7", Ask(control, "status").Status!.Device);
        await host.StopAsync();
    }

    private JsonObject Config() => TestConfig.Create(_dir);

    private void WriteConfig(JsonObject config) => File.WriteAllText(_configFile, config.ToJsonString());

    private async Task<IHost> StartAsync()
    {
        IHost host = RuntimeHost.Build(_configFile, []);
        await host.StartAsync();
        return host;
    }

    private ZmqSocket Subscribe(RuntimeProbe service) => RuntimeClient.Subscribe(_context, service, WireTopics.Health, s_wait);

    private ZmqSocket Control(RuntimeProbe service, Action<ZmqSocket>? secure = null) => RuntimeClient.Control(_context, service, s_wait, secure);

    private static ControlReply Ask(ZmqSocket control, string command) => RuntimeClient.Ask(control, command);

    // Health is published on an interval; wait for the first one that satisfies the condition.
    private static HealthMessage NextHealth(ZmqSocket sub, Func<HealthMessage, bool> condition) =>
        (HealthMessage)RuntimeClient.Receive(sub, s_wait, message => message is HealthMessage health && condition(health));

    private static float[] RunEmotion(RuntimeProbe service)
    {
        LoadedModel emotion = service.Setup.Models.Single(m => m.Id == "emotion");
        var input = new float[64 * 64];
        Array.Fill(input, 0.1f);
        using PinnedTensor<float> tensor = PinnedTensor.FromArray(input, [1, 64, 64, 1]);
        IReadOnlyList<InferenceOutput> outputs = emotion.Session.Run(new Dictionary<string, PinnedTensor>(StringComparer.Ordinal)
        {
            [emotion.Session.Inputs[0].Name] = tensor,
        });
        return outputs[0].ToArray<float>();
    }
}
