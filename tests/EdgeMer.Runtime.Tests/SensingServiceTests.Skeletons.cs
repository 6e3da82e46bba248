using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeMer.Affect;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Testing;
using Microsoft.Extensions.Hosting;

namespace EdgeMer.Runtime.Tests;

// edgemer run fed by a robot's own body tracker: skeletons as JSON lines from a file or a ZeroMQ
// publisher, named in the configuration or in the device profile, into the body in the summaries.
public sealed partial class SensingServiceTests
{
    [Fact]
    public async Task Skeletons_from_a_file_become_the_body_in_the_summaries_and_a_bad_line_is_skipped()
    {
        string file = Path.Combine(_dir, "standing.jsonl");
        var lines = new List<string>();
        for (int i = 0; i < 90; i++)
        {
            lines.Add(i == 10 ? "{\"time\": 0.34, \"track\": 1, \"keypoints\": [[1, 2]]}" : Standing(i / 30.0, track: 1));
        }

        File.WriteAllLines(file, lines);
        using IHost host = await StartAsync(Config().With("Sensing:Skeletons", Json(file)).With("Sensing:Loop", "true"));
        using ZmqSocket sub = Subscribe(new RuntimeProbe(host), "");

        SummaryMessage? scene = null;
        HealthMessage? health = null;
        RuntimeClient.Receive(sub, s_wait, message =>
        {
            scene = message is SummaryMessage { Summary.Track: null } s && s.Summary.ReadingOf(Modality.Body) is not null && s.Summary.States?.Walking is not null ? s : scene;
            health = message is HealthMessage h && h.Health.Stages.Any(st => st.Stage == "body" && st.RatePerSecond > 0) ? h : health;
            return scene is not null && health is not null;
        });

        Assert.Equal(0f, scene!.Summary.States!.Walking);
        Assert.Null(scene.Summary.ReadingOf(Modality.Face));
        // The skeleton source replaces the pose model: no capture or face stages run.
        Assert.Equal(["body", "fusion"], health!.Health.Stages.Select(s => s.Stage));
        await host.StopAsync();
    }

    [Fact]
    public async Task Skeletons_from_the_profiles_zeromq_publisher_reach_the_summaries_and_an_empty_key_turns_them_off()
    {
        using ZmqSocket robot = _context.CreateSocket(ZmqSocketType.Pub);
        robot.Bind("tcp://127.0.0.1:*");
        string devices = Profile("robot", robot.LastEndpoint);

        using (IHost host = await StartAsync(Config().With("EdgeMer:Profile", "\"robot\"").With("EdgeMer:Devices", Json(devices))))
        {
            using ZmqSocket sub = Subscribe(new RuntimeProbe(host), WireTopics.Summary);

            // The service's subscription arrives at an unknown time: the robot sends on, as a live tracker would.
            int sent = 0;
            SummaryMessage? scene = null;
            while (scene is null)
            {
                for (int i = 0; i < 3; i++, sent++)
                {
                    robot.Send(Encoding.UTF8.GetBytes(Standing(sent / 30.0, track: 4)));
                }

                if (RuntimeClient.TryReceive(sub, TimeSpan.FromMilliseconds(100)) is SummaryMessage { Summary.Track: null } s && s.Summary.ReadingOf(Modality.Body) is not null)
                {
                    scene = s;
                }

                Assert.True(sent < 30 * 60, "no body in the summaries after a minute of skeletons");
            }

            Assert.True(scene.Summary.ReadingOf(Modality.Body)!.Quality > 0);
            await host.StopAsync();
        }

        using (IHost host = await StartAsync(Config().With("EdgeMer:Profile", "\"robot\"").With("EdgeMer:Devices", Json(devices)).With("Sensing:Skeletons", "\"\"")))
        {
            using ZmqSocket sub = Subscribe(new RuntimeProbe(host), WireTopics.Health);
            var health = (HealthMessage)RuntimeClient.Receive(sub, s_wait, message => message is HealthMessage);

            Assert.Empty(health.Health.Stages);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_skeleton_file_that_does_not_exist_stops_the_start_naming_the_key()
    {
        WriteConfig(Config().With("Sensing:Skeletons", Json("/nowhere/skeletons.jsonl")));
        using IHost host = RuntimeHost.Build(_configFile, []);

        string message = await RuntimeHost.StartFailureAsync(host);

        Assert.Contains("Sensing:Skeletons '/nowhere/skeletons.jsonl': no such file or folder", message, StringComparison.Ordinal);
    }

    /// <summary>One line of a person standing still, 200 pixels tall, facing the camera.</summary>
    private static string Standing(double seconds, int track)
    {
        (float X, float Y)[] points =
        [
            (160, 40), (165, 35), (155, 35), (170, 40), (150, 40), // nose, eyes, ears (the person's left on the image's right)
            (180, 70), (140, 70), (185, 110), (135, 110), (187, 145), (133, 145), // shoulders, elbows, wrists
            (172, 140), (148, 140), (172, 190), (148, 190), (172, 240), (148, 240), // hips, knees, ankles
        ];
        string keypoints = string.Join(", ", points.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.X}, {p.Y}, 0.9]")));
        return string.Create(CultureInfo.InvariantCulture, $"{{\"time\": {seconds:0.000}, \"track\": {track}, \"keypoints\": [{keypoints}]}}");
    }

    /// <summary>The x64 profile as a robot's: its skeleton stream at <paramref name="endpoint"/>.</summary>
    private string Profile(string id, string endpoint)
    {
        JsonObject profile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "devices", "x64-dev.json")))!.AsObject();
        profile["id"] = id;
        profile["sources"] = new JsonObject { ["skeletons"] = endpoint };
        string devices = Directory.CreateDirectory(Path.Combine(_dir, "devices")).FullName;
        File.WriteAllText(Path.Combine(devices, $"{id}.json"), profile.ToJsonString());
        return devices;
    }
}
