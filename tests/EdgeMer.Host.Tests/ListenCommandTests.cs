using System.Text;
using System.Xml.Linq;
using EdgeMer.Tools.Listening;
using Spectre.Console;
using EdgeMer.Platform;
using EdgeMer.Host.Commands;
using EdgeMer.Affect;
using EdgeMer.Messaging.Publishing;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Testing;

namespace EdgeMer.Host.Tests;

public sealed class ListenCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgemer-listen-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Listen_prints_and_records_what_a_live_publisher_sends()
    {
        using var context = new ZmqContext();
        var options = new SummaryPublisherOptions { DeviceId = "cabin-1", Endpoints = ["tcp://127.0.0.1:*"] };
        using var publisher = new SummaryPublisher(context, options, new PrivacySwitch());
        string path = Path.Combine(_directory, "live.jsonl");
        string edgemer = Path.Combine(AppContext.BaseDirectory, "edgemer.dll");
        var start = new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);

        // Publish until listen has its messages and exits: its subscription arrives after an unknown delay.
        Task<ExternalProgramResult> listen = Task.Run(() => ExternalProgram.Run(
            TestPrograms.Dotnet, [edgemer, "listen", publisher.Endpoints[0], "--count", "3", "--record", path], TimeSpan.FromMinutes(1)));
        for (int i = 0; !listen.IsCompleted; i++)
        {
            publisher.TryPublish(EmotionSummary.ForPausedWindow(Purpose.Companion, new WindowReading(start.AddSeconds(i), start.AddSeconds(i + 1))));
            await Task.WhenAny(listen, Task.Delay(20));
        }

        ExternalProgramResult result = (await listen).EnsureSuccess("edgemer listen");
        Assert.DoesNotContain("skipped", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(3, result.StandardOutput.Split('\n').Count(line => line.Contains("cabin-1 summary #", StringComparison.Ordinal) && line.EndsWith("PAUSED", StringComparison.Ordinal)));
        using ListenRecording recorded = ListenRecording.Load(path);
        Assert.Equal(3, recorded.Summaries.Count);
        Assert.All(recorded.Summaries, s => Assert.Equal("cabin-1", s.Device));
    }

    [Fact]
    public void The_timeline_has_a_lane_per_view_a_legend_paused_bands_and_alerts()
    {
        List<(string Topic, string Json)> messages = Run();
        var summaries = new List<SummaryMessage>();
        var alerts = new List<AlertMessage>();
        foreach ((string topic, string json) in messages)
        {
            switch (WireMessage.Parse(Encoding.ASCII.GetBytes(topic), Encoding.UTF8.GetBytes(json)))
            {
                case SummaryMessage s:
                    summaries.Add(s);
                    break;
                case AlertMessage a:
                    alerts.Add(a);
                    break;
            }
        }

        string svg = ListenTimelinePlot.Render(summaries, alerts, "test run");

        XDocument document = XDocument.Parse(svg); // well-formed
        var texts = document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        foreach (string lane in new[] { "Emotions (fused)", "Face emotions", "Voice emotions", "Body emotions", "Affect", "States" })
        {
            Assert.Contains(lane, texts);
        }

        foreach (string label in new[] { "angry", "disgust", "fear", "happy", "sad", "surprise", "neutral", "valence", "arousal", "face", "voice", "body" })
        {
            Assert.Contains(label, texts);
        }

        Assert.Contains("paused", texts);
        Assert.Contains("no readings", texts); // no body readings in this run
        Assert.Contains("seconds since 08:30:00 UTC", texts);
        Assert.Contains(document.Descendants(), e => e.Name.LocalName == "title" && e.Value.Contains("EyesClosedTooLong", StringComparison.Ordinal));
    }

    [Fact]
    public void The_live_view_shows_the_newest_summary_of_the_scene_and_each_person_the_health_and_the_alerts()
    {
        var view = new LiveView();
        foreach ((string topic, string json) in Run())
        {
            view.Update(WireMessage.Parse(Encoding.ASCII.GetBytes(topic), Encoding.UTF8.GetBytes(json)));
        }

        string person = Run()[0].Json.Replace("\"track\":null", "\"track\":7", StringComparison.Ordinal).Replace("\"sequence\":0", "\"sequence\":9", StringComparison.Ordinal);
        view.Update(WireMessage.Parse("emotion.summary"u8, Encoding.UTF8.GetBytes(person)));
        const string Health = "{\"schema\":\"edgemer.health/1\",\"device\":\"d\",\"sequence\":0,\"health\":{\"time\":\"2026-03-01T08:30:03+00:00\",\"uptimeSeconds\":3,\"paused\":false,\"purpose\":\"companion\",\"provider\":\"cpu\"," +
            "\"stages\":[{\"stage\":\"face.latency\",\"latencyP50Ms\":31.5,\"latencyP99Ms\":52.25,\"ratePerSecond\":10,\"dropped\":4,\"deadlineMisses\":2}],\"models\":[],\"degradation\":\"lowerRates\",\"process\":{\"cpuPercent\":87,\"rssMiB\":212}}," +
            "\"egress\":{\"published\":1,\"dropped\":0,\"suppressed\":0}}";
        view.Update(WireMessage.Parse("health"u8, Encoding.UTF8.GetBytes(Health)));

        var text = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        console.Write(view.Render());
        string[] lines = text.ToString().Split('\n');

        // The scene's newest summary is the third (not paused): happy, its affect, its states and weights.
        Assert.Contains(lines, l => l.Contains("scene", StringComparison.Ordinal) && l.Contains("happy 0.50", StringComparison.Ordinal) && l.Contains("+0.30", StringComparison.Ordinal)
            && l.Contains("eyes closed 0.90", StringComparison.Ordinal) && l.Contains("face 0.70, voice 0.30 disagrees", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("person 7", StringComparison.Ordinal) && l.Contains("happy 0.50", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("rung lowerRates", StringComparison.Ordinal) && l.Contains("cpu 87 %", StringComparison.Ordinal) && l.Contains("rss 212 MiB", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("face.latency", StringComparison.Ordinal) && l.Contains("52.2", StringComparison.Ordinal) && l.Contains(" 4 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Warning Drowsiness: EyesClosedTooLong", StringComparison.Ordinal) && l.Contains("2.5 (1.5)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_recording_replays_to_the_messages_received()
    {
        string path = Path.Combine(_directory, "run.jsonl");
        List<(string Topic, string Json)> messages = Run();
        using (var recording = new ListenRecording(path))
        {
            foreach ((string topic, string json) in messages)
            {
                byte[] payload = Encoding.UTF8.GetBytes(json);
                recording.Add(WireMessage.Parse(Encoding.ASCII.GetBytes(topic), payload), topic, payload);
            }
        }

        using ListenRecording replayed = ListenRecording.Load(path);

        Assert.Equal(3, replayed.Summaries.Count);
        Assert.True(replayed.Summaries[1].Summary.Paused);
        Assert.Single(replayed.Alerts);
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void A_recording_with_a_bad_line_is_refused_naming_the_line()
    {
        string path = Path.Combine(_directory, "bad.jsonl");
        (string topic, string json) = Run()[0];
        File.WriteAllText(path, $"{{\"topic\":\"{topic}\",\"message\":{json}}}\n{{\"topic\":\"emotion.summary\",\"message\":{{\"schema\":\"nope\"}}}}\n");

        var error = Assert.Throws<FormatException>(() => ListenRecording.Load(path));

        Assert.Contains("bad.jsonl line 2", error.Message, StringComparison.Ordinal);
    }

    private static List<(string Topic, string Json)> Run()
    {
        const string Emotions = "{\"angry\":0.1,\"disgust\":0.05,\"fear\":0.05,\"happy\":0.5,\"sad\":0.1,\"surprise\":0.05,\"neutral\":0.15}";
        string Summary(int i, bool paused) =>
            $"{{\"schema\":\"edgemer.summary/1\",\"device\":\"d\",\"sequence\":{i},\"summary\":{{\"purpose\":\"companion\",\"track\":null,\"window\":{{\"start\":\"2026-03-01T08:30:0{i}+00:00\",\"end\":\"2026-03-01T08:30:0{i + 1}+00:00\"}},\"paused\":{(paused ? "true" : "false")}," +
            (paused
                ? "\"emotions\":null,\"affect\":null,\"states\":null,\"confidence\":0,\"modalities\":[]}}"
                : $"\"emotions\":{Emotions},\"affect\":{{\"valence\":0.3,\"arousal\":-0.2}},\"states\":{{\"drowsy\":0.4,\"distracted\":null,\"fatigued\":null,\"eyesClosed\":0.9,\"yawning\":null,\"speaking\":0.1,\"walking\":null}},\"confidence\":0.7," +
                  $"\"modalities\":[{{\"modality\":\"face\",\"quality\":0.9,\"ageMs\":30,\"weight\":0.7,\"emotions\":{Emotions},\"affect\":{{\"valence\":0.4,\"arousal\":-0.1}},\"disagrees\":false}},{{\"modality\":\"voice\",\"quality\":0.6,\"ageMs\":90,\"weight\":0.3,\"emotions\":{Emotions},\"affect\":null,\"disagrees\":true}}]}}}}");
        return
        [
            ("emotion.summary", Summary(0, paused: false)),
            ("emotion.summary", Summary(1, paused: true)),
            ("emotion.summary", Summary(2, paused: false)),
            ("emotion.alert", "{\"schema\":\"edgemer.alert/1\",\"device\":\"d\",\"sequence\":0,\"alert\":{\"time\":\"2026-03-01T08:30:02.5+00:00\",\"kind\":\"drowsiness\",\"severity\":\"warning\",\"reason\":\"eyesClosedTooLong\",\"modality\":\"face\",\"value\":2.5,\"threshold\":1.5}}"),
        ];
    }
}
