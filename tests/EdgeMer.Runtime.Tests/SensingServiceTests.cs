using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMer.Affect;
using EdgeMer.Inference;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Perception.Face;
using EdgeMer.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMer.Runtime.Tests;

/// <summary>
/// edgemer run with a video source: the sample clip through the real face models into fused
/// summaries, alerts and stage health on loopback, as a subscriber sees them.
/// </summary>
public sealed partial class SensingServiceTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemer-sensing-").FullName;
    private readonly string _configFile;
    private readonly ZmqContext _context = new();

    public SensingServiceTests()
    {
        InferenceEnvironment.GetOrInitialize(new InferenceEnvironmentOptions(), NullLoggerFactory.Instance);
        _configFile = Path.Combine(_dir, "edgemer.json");
    }

    public void Dispose()
    {
        _context.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Clip => Path.Combine(RepoPaths.Root, "models", "sample-media", "faces-640x480.mp4");

    [Fact]
    public async Task A_video_becomes_summaries_of_the_scene_and_of_each_face_and_health_reports_the_stages()
    {
        using IHost host = await StartAsync(Config().With("Sensing:Video", Json(Clip)).With("Sensing:Loop", "true"));
        using ZmqSocket sub = Subscribe(new RuntimeProbe(host), "");

        var tracks = new HashSet<int?>();
        SummaryMessage? person = null;
        HealthMessage? busy = null;
        var ran = new HashSet<string>();
        Receive(sub, message =>
        {
            // Detection runs twice a second: a health interval of 200 ms often holds none of its runs.
            if (message is HealthMessage { Health.Stages: var stages })
            {
                ran.UnionWith(stages.Where(s => s.RatePerSecond > 0).Select(s => s.Stage));
            }

            switch (message)
            {
                case SummaryMessage s when s.Summary.ReadingOf(Modality.Face) is not null:
                    tracks.Add(s.Summary.Track);
                    if (s.Summary.Track is not null)
                    {
                        person = s;
                    }

                    break;
                case HealthMessage h when h.Health.Stages.Any(stage => stage.Stage == "face" && stage.RatePerSecond > 0) && h.Health.Stages.Any(stage => stage.Stage == "body" && stage.RatePerSecond > 0):
                    busy = h;
                    break;
            }

            return tracks.Count == 4 && busy is not null && ran.IsSupersetOf(["face.detect", "face.emotion"]);
        });

        // The clip has three faces: the scene and three anonymous tracks.
        Assert.Equal(4, tracks.Count);
        Assert.Contains(null, tracks);
        Assert.Equal("research", person!.Summary.Purpose);
        Assert.NotNull(person.Summary.Emotions);
        Assert.NotNull(person.Summary.States!.Drowsy);
        Assert.Equal(1f, person.Summary.ReadingOf(Modality.Face)!.Weight);
        // The x64 profile's budget is two cores: detection and emotion run on threads of their own beside the landmarks.
        Assert.Equal(["capture", "face", "face.detect", "face.emotion", "face.latency", "body", "fusion"], busy!.Health.Stages.Select(s => s.Stage));
        Assert.Superset(new HashSet<string> { "face", "face.detect", "face.emotion", "body" }, ran);
        Assert.True(busy.Health.Stages.Single(s => s.Stage == "body").RatePerSecond > 0, "the body stage read no frame");
        Assert.Equal("research", busy.Health.Purpose);
        Assert.NotNull(busy.Health.Degradation);
        Assert.True(busy.Health.Process!.CpuPercent > 0 && busy.Health.Process.RssMiB > 10, $"cpu {busy.Health.Process.CpuPercent} %, rss {busy.Health.Process.RssMiB} MiB");
        await host.StopAsync();
    }

    [Fact]
    public async Task Of_three_people_in_view_the_one_whose_body_is_read_gets_face_and_body_in_their_own_summary()
    {
        // Three faces: the fuser cannot give a body to "the one person in view"; only matching the body's
        // head to a face puts body evidence into a person's summary.
        using IHost host = await StartAsync(Config().With("Sensing:Video", Json(Clip)).With("Sensing:Loop", "true"));
        using ZmqSocket sub = Subscribe(new RuntimeProbe(host), WireTopics.Summary);

        var person = (SummaryMessage)RuntimeClient.Receive(sub, s_wait, message =>
            message is SummaryMessage { Summary.Track: not null } s && s.Summary.ReadingOf(Modality.Body) is not null);

        Assert.NotNull(person.Summary.ReadingOf(Modality.Face));
        await host.StopAsync();
    }

    [Fact]
    public async Task On_a_one_core_budget_the_face_stages_take_turns_on_one_thread_and_still_read_every_face()
    {
        JsonObject profile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json")))!.AsObject();
        profile["id"] = "one-core";
        profile["budget"]!["maxCores"] = 1;
        string devices = Directory.CreateDirectory(Path.Combine(_dir, "devices")).FullName;
        File.WriteAllText(Path.Combine(devices, "one-core.json"), profile.ToJsonString());
        using IHost host = await StartAsync(Config()
            .With("EdgeMer:Profile", "\"one-core\"").With("EdgeMer:Devices", Json(devices))
            .With("Sensing:Video", Json(Clip)).With("Sensing:Loop", "true").With("Sensing:Body", "false"));
        using ZmqSocket sub = Subscribe(new RuntimeProbe(host), "");

        var tracks = new HashSet<int>();
        HealthMessage? health = null;
        Receive(sub, message =>
        {
            if (message is SummaryMessage { Summary: { Track: int track } summary } && summary.ReadingOf(Modality.Face) is not null && summary.Emotions is not null)
            {
                tracks.Add(track);
            }

            health = message is HealthMessage h && h.Health.Stages.Any(s => s.Stage == "face" && s.RatePerSecond > 0) ? h : health;
            return tracks.Count == 3 && health is not null;
        });

        Assert.Equal(["capture", "face", "face.latency", "fusion"], health!.Health.Stages.Select(s => s.Stage));
        await host.StopAsync();
    }

    [Fact]
    public async Task Speech_becomes_the_voice_in_the_scene_summary_beside_the_faces()
    {
        string speech = Path.Combine(RepoPaths.Root, "models", "sample-media", "speech.wav");
        using IHost host = await StartAsync(Config().With("Sensing:Video", Json(Clip)).With("Sensing:Audio", Json(speech)).With("Sensing:Loop", "true"));
        using ZmqSocket sub = Subscribe(new RuntimeProbe(host), WireTopics.Summary);

        var scene = (SummaryMessage)RuntimeClient.Receive(sub, TimeSpan.FromSeconds(60), message =>
            message is SummaryMessage { Summary.Track: null } s && s.Summary.ReadingOf(Modality.Voice) is not null && s.Summary.ReadingOf(Modality.Face) is not null);

        Assert.NotNull(scene.Summary.States!.Speaking);
        Assert.True(scene.Summary.States.Speaking > 0.5f, $"speaking {scene.Summary.States.Speaking}");
        Assert.NotNull(scene.Summary.ReadingOf(Modality.Voice)!.Affect);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_person_standing_in_the_video_becomes_the_body_in_the_summary_and_reads_as_not_walking()
    {
        string standing = Path.Combine(RepoPaths.Root, "models", "sample-media", "standing.jpg");
        using IHost host = await StartAsync(Config().With("Sensing:Video", Json(standing)).With("Sensing:Loop", "true"));
        using ZmqSocket sub = Subscribe(new RuntimeProbe(host), WireTopics.Summary);

        var scene = (SummaryMessage)RuntimeClient.Receive(sub, s_wait, message =>
            message is SummaryMessage { Summary.Track: null } s && s.Summary.ReadingOf(Modality.Body) is not null && s.Summary.States?.Walking is not null);

        Assert.Equal(0f, scene.Summary.States!.Walking);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("movenet-multipose")]
    [InlineData("blazepose-lite")]
    public async Task A_profile_that_chooses_another_pose_model_reads_the_body_with_it(string poseModel)
    {
        // The x64 profile choosing the pose model; a profile naming a model not built would fail to start.
        JsonObject profile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json")))!.AsObject();
        profile["id"] = "posed";
        profile["inference"]!["bodyPoseModel"] = poseModel;
        string devices = Directory.CreateDirectory(Path.Combine(_dir, "devices")).FullName;
        File.WriteAllText(Path.Combine(devices, "posed.json"), profile.ToJsonString());
        string standing = Path.Combine(RepoPaths.Root, "models", "sample-media", "standing.jpg");
        using IHost host = await StartAsync(Config()
            .With("EdgeMer:Profile", "\"posed\"").With("EdgeMer:Devices", Json(devices))
            .With("Sensing:Video", Json(standing)).With("Sensing:Loop", "true"));
        using ZmqSocket sub = Subscribe(new RuntimeProbe(host), WireTopics.Summary);

        var scene = (SummaryMessage)RuntimeClient.Receive(sub, s_wait, message =>
            message is SummaryMessage { Summary.Track: null } s && s.Summary.ReadingOf(Modality.Body) is not null && s.Summary.States?.Walking is not null);

        Assert.Equal(0f, scene.Summary.States!.Walking);
        await host.StopAsync();
    }

    [Fact]
    public async Task Sound_alone_is_enough_and_summaries_keep_coming_second_after_second()
    {
        string speech = Path.Combine(RepoPaths.Root, "models", "sample-media", "speech.wav");
        using IHost host = await StartAsync(Config().With("Sensing:Audio", Json(speech)));
        using ZmqSocket sub = Subscribe(new RuntimeProbe(host), "");

        int voiced = 0;
        HealthMessage? health = null;
        Receive(sub, message =>
        {
            voiced += message is SummaryMessage s && s.Summary.ReadingOf(Modality.Voice) is not null ? 1 : 0;
            health = message as HealthMessage ?? health;
            return voiced >= 20 && health is not null;
        });

        Assert.Equal(["voice", "fusion"], health!.Health.Stages.Select(s => s.Stage));
        await host.StopAsync();
    }

    [Fact]
    public async Task Pausing_stops_capture_at_the_source_and_resuming_starts_it_again()
    {
        using IHost host = await StartAsync(Config().With("Sensing:Video", Json(Clip)).With("Sensing:Loop", "true"));
        var service = new RuntimeProbe(host);
        using ZmqSocket sub = Subscribe(service, WireTopics.Health);
        using ZmqSocket control = Control(service);
        Receive(sub, m => CaptureRate(m) > 0);

        Ask(control, "pause");
        Receive(sub, m => m is HealthMessage { Health.Paused: true } && CaptureRate(m) == 0);
        Ask(control, "resume");
        Receive(sub, m => m is HealthMessage { Health.Paused: false } && CaptureRate(m) > 0);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_camera_that_is_not_there_is_one_sensor_alert_and_the_service_keeps_publishing()
    {
        // The source fails at once, and its one alert goes out with the first summary: five seconds in,
        // by when this subscriber is surely connected, even on a busy machine (a subscriber that joins
        // later misses it, as any would).
        using IHost host = await StartAsync(Config().With("Sensing:Video", Json("/dev/video-not-there")).With("Sensing:RestartAfter", "\"00:00:00.2\"")
            .With("Sensing:SummaryInterval", "\"00:00:05\""));
        using ZmqSocket sub = Subscribe(new RuntimeProbe(host), "");

        var alerts = new List<AlertMessage>();
        int healthAfter = 0;
        Receive(sub, message =>
        {
            if (message is AlertMessage alert)
            {
                alerts.Add(alert);
            }
            else if (message is HealthMessage && alerts.Count > 0)
            {
                healthAfter++;
            }

            return healthAfter >= 20;
        });

        AlertMessage lost = Assert.Single(alerts);
        Assert.Equal((AlertKind.SensorLost, AlertReason.ModalityStale, Modality.Face), (lost.Alert.Kind, lost.Alert.Reason, lost.Alert.Modality));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_device_that_cannot_keep_its_budget_lowers_the_face_rates_and_then_says_it_is_over_budget()
    {
        // The x64 profile with a 10 ms budget (the face models alone take longer than that here) and
        // without its lighter variants (the next test takes that rung).
        JsonObject profile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json")))!.AsObject();
        profile["id"] = "tight";
        profile["budget"]!["captureToSummaryMs"] = 10;
        Assert.True(profile["inference"]!.AsObject().Remove("lighterVariants"));
        string devices = Directory.CreateDirectory(Path.Combine(_dir, "devices")).FullName;
        File.WriteAllText(Path.Combine(devices, "tight.json"), profile.ToJsonString());
        using IHost host = await StartAsync(Config()
            .With("EdgeMer:Profile", "\"tight\"").With("EdgeMer:Devices", Json(devices))
            .With("Sensing:Video", Json(Clip)).With("Sensing:Loop", "true"));
        var service = new RuntimeProbe(host);
        using ZmqSocket sub = Subscribe(service, "");
        string? modelsAtStart = service.Sensing.RunningModels;

        AlertMessage? over = null;
        HealthMessage? latency = null;
        HealthMessage? degraded = null;
        var rungs = new List<string>();
        int smallerWidth = 0;

        // The whole ladder, three judgements over budget per rung and three more with none left: at
        // least 12 s, longer on a busy machine, where a judgement waits for frames that finished.
        RuntimeClient.Receive(sub, 3 * s_wait, message =>
        {
            if (message is HealthMessage { Health.Degradation: { } rung } && (rungs.Count == 0 || rungs[^1] != rung))
            {
                rungs.Add(rung);
            }

            if (message is HealthMessage { Health.Degradation: "smallerInput" } && service.Sensing.FaceFrameWidth is > 0 and < 640)
            {
                smallerWidth = service.Sensing.FaceFrameWidth;
            }

            // Other alerts may come too (the clip's angry face held long enough is distress).
            if (message is AlertMessage { Alert.Kind: AlertKind.OverBudget } alert)
            {
                over ??= alert;
            }

            if (message is HealthMessage h && h.Health.Stages.Any(s => s.Stage == "face.latency" && s.LatencyP99Ms > 10))
            {
                latency = h;
            }

            if (over is not null && message is HealthMessage after)
            {
                degraded = after;
            }

            return over is not null && latency is not null && degraded is not null;
        });

        Assert.True(latency!.Health.Stages.Single(s => s.Stage == "face.latency").DeadlineMisses > 0, "no deadline miss counted");
        // The alert goes out once the ladder has no rung left: lower rates, then the clip read at half
        // its size (320x240), then the body paused, the last the device can take.
        Assert.Equal("pauseModality", degraded!.Health.Degradation);
        Assert.Equal(["lowerRates", "smallerInput", "pauseModality"], rungs.SkipWhile(r => r == "none"));
        Assert.Equal(320, smallerWidth);
        Assert.Equal(320, service.Sensing.FaceFrameWidth);
        Assert.Equal(AlertReason.LatencyOverBudget, over!.Alert.Reason);
        Assert.Equal(10f, over.Alert.Threshold);
        Assert.True(over.Alert.Value > 10f, $"p99 {over.Alert.Value} ms");
        // Without lighter variants in the profile there is no lighter-models rung: no model was swapped
        // on the way down (a swap would have described the stages' models anew).
        Assert.Same(modelsAtStart, service.Sensing.RunningModels);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_device_that_cannot_keep_its_budget_at_lower_rates_switches_to_its_lighter_variants_between_frames()
    {
        // The emotion model's int8 variant here is the fp32 bytes under the int8 name: what is tested
        // is the ladder's switch, not the quantization (EdgeMer.Quantization.Tests, and an end-to-end
        // test running the real INT8 model, show that).
        string[] sensed = ["blazeface-back", "facemesh", "iris", "emotion", "movenet-lightning", "silero-vad"];
        string catalog = CatalogCopy.Create(Path.Combine(_dir, "catalog"), sensed);
        string store = Directory.CreateDirectory(Path.Combine(_dir, "store")).FullName;
        var source = new EdgeMer.Models.Catalog.ModelStore(Path.Combine(RepoPaths.Cache, "models"));
        var target = new EdgeMer.Models.Tooling.Store.ModelStoreBuilder(store, Path.Combine(RepoPaths.Cache, "npm"));
        foreach (string id in sensed)
        {
            File.Copy(source.ModelPath(id), Path.Combine(store, Path.GetFileName(source.ModelPath(id))));
        }

        File.Copy(source.IndexPath, target.IndexPath);
        target.AddVariant("emotion", "int8", File.ReadAllBytes(source.ModelPath("emotion")), "test");
        JsonObject profile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json")))!.AsObject();
        profile["id"] = "tight";
        profile["budget"]!["captureToSummaryMs"] = 10;
        profile["inference"]!["lighterVariants"] = new JsonObject { ["emotion"] = "int8" };
        string devices = Directory.CreateDirectory(Path.Combine(_dir, "devices")).FullName;
        File.WriteAllText(Path.Combine(devices, "tight.json"), profile.ToJsonString());
        using IHost host = await StartAsync(Config()
            .With("EdgeMer:Profile", "\"tight\"").With("EdgeMer:Devices", Json(devices))
            .With("EdgeMer:Catalog", Json(catalog)).With("EdgeMer:ModelStore", Json(store))
            .With("Sensing:Video", Json(Clip)).With("Sensing:Loop", "true"));
        var service = new RuntimeProbe(host);
        using ZmqSocket sub = Subscribe(service, "");
        Assert.Contains("emotion fp32", service.Sensing.RunningModels, StringComparison.Ordinal);
        FaceModels before = service.Sensing.FaceModelsInUse!;

        // Lower rates first, then the lighter models: the stages take them between frames, and the
        // summaries go on throughout (a face summary after the switch).
        // Health reports the rung in force at each interval, so the ladder may have gone on past the
        // lighter models (to smaller input) by the time the switch shows there.
        string[] atOrPastLighter = ["lighterModels", "smallerInput", "pauseModality"];
        bool switched = false;
        var rungs = new List<string>();
        Receive(sub, message =>
        {
            if (message is HealthMessage { Health.Degradation: { } rung } && (rungs.Count == 0 || rungs[^1] != rung))
            {
                rungs.Add(rung);
            }

            switched |= service.Sensing.RunningModels?.Contains("emotion int8", StringComparison.Ordinal) == true;
            return switched && rungs.Any(atOrPastLighter.Contains)
                && message is SummaryMessage { Summary: { Track: int } summary } && summary.ReadingOf(Modality.Face) is not null;
        });

        int lower = rungs.IndexOf("lowerRates");
        int lighter = rungs.FindIndex(atOrPastLighter.Contains);
        Assert.True(lower >= 0 && lower < lighter, $"rungs in order: {string.Join(" -> ", rungs)}");
        Assert.Contains("facemesh fp32", service.Sensing.RunningModels, StringComparison.Ordinal);
        // Only the model whose variant changed was loaded: the others' sessions are the ones the stages ran before.
        FaceModels after = service.Sensing.FaceModelsInUse!;
        Assert.NotSame(before.Emotion.Session, after.Emotion.Session);
        Assert.Equal("int8", after.Emotion.Variant);
        Assert.Same(before.Detector.Session, after.Detector.Session);
        Assert.Same(before.Mesh.Session, after.Mesh.Session);
        Assert.Same(before.Iris.Session, after.Iris.Session);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Sensing:Video", "\"/nowhere/clip.mp4\"", "Sensing:Video '/nowhere/clip.mp4': no such file or folder")]
    [InlineData("Sensing:Audio", "\"/nowhere/talk.wav\"", "Sensing:Audio '/nowhere/talk.wav': no such file or folder")]
    [InlineData("Sensing:Vidoe", "\"clip.mp4\"", "Sensing:Vidoe")]
    [InlineData("Sensing:SummaryInterval", "\"00:00:00.001\"", "Sensing:SummaryInterval")]
    [InlineData("Fusion:VoiceReliability", "2", "Fusion:VoiceReliability 2 must be from 0 to 1")]
    public async Task Bad_sensing_or_fusion_settings_stop_the_start_naming_the_key(string key, string value, string expected)
    {
        WriteConfig(Config().With(key, value));
        using IHost host = RuntimeHost.Build(_configFile, []);

        string message = await RuntimeHost.StartFailureAsync(host);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    private static double CaptureRate(object message) =>
        message is HealthMessage h ? h.Health.Stages.SingleOrDefault(s => s.Stage == "capture")?.RatePerSecond ?? -1 : -1;

    private static string Json(string text) => JsonSerializer.Serialize(text);

    private JsonObject Config() => TestConfig.Create(_dir).With("EdgeMer:HealthInterval", "\"00:00:00.2\"").With("Sensing:SummaryInterval", "\"00:00:00.1\"");

    private void WriteConfig(JsonObject config) => File.WriteAllText(_configFile, config.ToJsonString());

    private async Task<IHost> StartAsync(JsonObject config)
    {
        WriteConfig(config);
        IHost host = RuntimeHost.Build(_configFile, []);
        await host.StartAsync();
        return host;
    }

    private ZmqSocket Subscribe(RuntimeProbe service, string topic) => RuntimeClient.Subscribe(_context, service, topic, s_wait);

    private ZmqSocket Control(RuntimeProbe service) => RuntimeClient.Control(_context, service, s_wait);

    private static void Ask(ZmqSocket control, string command) => Assert.True(RuntimeClient.Ask(control, command).Ok, $"{command} was refused");

    private static void Receive(ZmqSocket sub, Func<object, bool> enough) => RuntimeClient.Receive(sub, s_wait, enough);
}
