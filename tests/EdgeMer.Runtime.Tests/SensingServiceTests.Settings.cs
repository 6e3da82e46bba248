using EdgeMer.Affect;
using EdgeMer.Messaging.Control;
using EdgeMer.Messaging.Wire;
using EdgeMer.Messaging.Zmq;
using EdgeMer.Testing;
using Microsoft.Extensions.Hosting;

namespace EdgeMer.Runtime.Tests;

/// <summary>A reload's sensing and fusion settings reaching the running service, seen in what it publishes.</summary>
public sealed partial class SensingServiceTests
{
    private static string Speech => Path.Combine(RepoPaths.Root, "models", "sample-media", "speech.wav");

    [Fact]
    public async Task A_reload_over_the_control_socket_changes_the_summary_interval_and_an_alert_level_while_summaries_go_on()
    {
        using IHost host = await StartAsync(Config().With("Sensing:Audio", Json(Speech)).With("Sensing:Loop", "true"));
        var service = new RuntimeProbe(host);
        using ZmqSocket sub = Subscribe(service, WireTopics.Summary);
        using ZmqSocket control = Control(service);
        Receive(sub, message => SceneWindow(message) == TimeSpan.FromMilliseconds(100));
        Assert.Equal(7f, service.Sensing.FusionInForce!.DrowsinessAlertLevel);

        WriteConfig(Config().With("Sensing:Audio", Json(Speech)).With("Sensing:Loop", "true")
            .With("Sensing:SummaryInterval", "\"00:00:00.3\"").With("Fusion:DrowsinessAlertLevel", "5"));
        ControlReply reply = RuntimeClient.Ask(control, "reload");

        Assert.True(reply.Reload!.Reloaded, reply.Reload.Message);
        Assert.Equal(5f, service.Sensing.FusionInForce!.DrowsinessAlertLevel);
        Assert.Equal(TimeSpan.FromMilliseconds(300), service.Sensing.SummaryInterval);

        // The summaries after the reload cover the new interval, and keep coming at it.
        Receive(sub, message => SceneWindow(message) == TimeSpan.FromMilliseconds(300));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(300), SceneWindow(RuntimeClient.Receive(sub, s_wait, message => SceneWindow(message) is not null)));
        }

        await host.StopAsync();
    }

    [Theory]
    [InlineData("Sensing:SummaryInterval", "\"00:00:00.001\"", "Sensing:SummaryInterval 00:00:00.0010000 must be from 00:00:00.05 to 00:01:00")]
    [InlineData("Fusion:DrowsinessAlertLevel", "12", "Fusion:DrowsinessAlertLevel")]
    [InlineData("Sensing:Video", "\"/nowhere/clip.mp4\"", "Sensing:Video cannot turn on a modality while running")]
    [InlineData("Sensing:Audio", "\"/nowhere/talk.wav\"", "Sensing:Audio 'talk.wav': no such file or folder")]
    public async Task A_reload_with_settings_it_cannot_apply_is_refused_naming_the_key_and_summaries_go_on_as_before(string key, string value, string named)
    {
        using IHost host = await StartAsync(Config().With("Sensing:Audio", Json(Speech)).With("Sensing:Loop", "true"));
        var service = new RuntimeProbe(host);
        using ZmqSocket sub = Subscribe(service, WireTopics.Summary);
        using ZmqSocket control = Control(service);
        RuntimeSetup before = service.Setup;
        WriteConfig(Config().With("Sensing:Audio", Json(Speech)).With("Sensing:Loop", "true").With(key, value));

        ControlReply reply = RuntimeClient.Ask(control, "reload");

        Assert.False(reply.Ok);
        Assert.Contains(named, reply.Error!.Message, StringComparison.Ordinal);
        Assert.Same(before, service.Setup);
        Assert.Equal(7f, service.Sensing.FusionInForce!.DrowsinessAlertLevel);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(100), SceneWindow(RuntimeClient.Receive(sub, s_wait, message => SceneWindow(message) is not null)));
        }

        await host.StopAsync();
    }

    [Fact]
    public async Task A_reload_that_names_another_sound_closes_the_old_source_and_opens_the_new_one_while_summaries_go_on()
    {
        string silence = Path.Combine(RepoPaths.Root, "models", "sample-media", "silence.wav");
        using IHost host = await StartAsync(Config().With("Sensing:Audio", Json(silence)).With("Sensing:Loop", "true"));
        var service = new RuntimeProbe(host);
        using ZmqSocket sub = Subscribe(service, WireTopics.Summary);
        using ZmqSocket control = Control(service);

        // Silence: summaries come, none with a voice in them.
        for (int i = 0; i < 10; i++)
        {
            var summary = (SummaryMessage)RuntimeClient.Receive(sub, s_wait, message => message is SummaryMessage);
            Assert.Null(summary.Summary.ReadingOf(Modality.Voice));
        }

        WriteConfig(Config().With("Sensing:Audio", Json(Speech)).With("Sensing:Loop", "true"));
        ControlReply reply = RuntimeClient.Ask(control, "reload");

        Assert.True(reply.Reload!.Reloaded, reply.Reload.Message);
        var heard = (SummaryMessage)RuntimeClient.Receive(sub, s_wait, message => message is SummaryMessage s && s.Summary.ReadingOf(Modality.Voice) is not null);
        Assert.Null(heard.Summary.Track);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_reload_that_names_another_video_reopens_capture_on_it_and_the_faces_go_on_being_read()
    {
        string other = Path.Combine(RepoPaths.Root, "models", "sample-media", "clip.mp4");
        using IHost host = await StartAsync(Config().With("Sensing:Video", Json(Clip)).With("Sensing:Body", "false").With("Sensing:Loop", "true"));
        var service = new RuntimeProbe(host);
        using ZmqSocket sub = Subscribe(service, "");
        using ZmqSocket control = Control(service);
        Receive(sub, message => message is SummaryMessage { Summary.Track: not null });

        WriteConfig(Config().With("Sensing:Video", Json(other)).With("Sensing:Body", "false").With("Sensing:Loop", "true"));
        ControlReply reply = RuntimeClient.Ask(control, "reload");

        DateTimeOffset switched = DateTimeOffset.UtcNow;

        Assert.True(reply.Reload!.Reloaded, reply.Reload.Message);
        Assert.Equal(other, service.Sensing.OpenSource(Modality.Face));
        // Faces read after every face of the old video went stale (Fusion:StaleAfter, 5 s) came from the new one.
        Receive(sub, message => message is SummaryMessage { Summary.Track: not null } s && s.Summary.ReadingOf(Modality.Face) is not null
            && s.Summary.Window.Value.Start > switched + TimeSpan.FromSeconds(6));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_reload_that_turns_looping_on_opens_again_a_sound_that_had_ended()
    {
        using IHost host = await StartAsync(Config().With("Sensing:Audio", Json(Speech)));
        var service = new RuntimeProbe(host);
        using ZmqSocket sub = Subscribe(service, WireTopics.Health);
        using ZmqSocket control = Control(service);
        Receive(sub, message => VoiceRate(message) > 0);
        // The 5.4 s of speech end, and without Sensing:Loop the voice stage falls idle.
        Receive(sub, message => VoiceRate(message) == 0);

        WriteConfig(Config().With("Sensing:Audio", Json(Speech)).With("Sensing:Loop", "true"));
        ControlReply reply = RuntimeClient.Ask(control, "reload");

        Assert.True(reply.Reload!.Reloaded, reply.Reload.Message);
        Receive(sub, message => VoiceRate(message) > 0);
        await host.StopAsync();
    }

    private static double VoiceRate(object message) =>
        message is HealthMessage h ? h.Health.Stages.SingleOrDefault(s => s.Stage == "voice")?.RatePerSecond ?? -1 : -1;

    /// <summary>How long the scene summary's window is, or null for any other message.</summary>
    private static TimeSpan? SceneWindow(object message) =>
        message is SummaryMessage { Summary: { Track: null } summary } ? summary.Window.Value.End - summary.Window.Value.Start : null;
}
